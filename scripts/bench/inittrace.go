package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"strconv"
	"strings"
)

// frontEndPackages are the packages a presign run links but does not use:
// the terminal UI, the demo server, the picture decoders and renderers.
// Their package init is what a one-shot command pays for them.
var frontEndPackages = []string{
	"github.com/s3share/s3share/ui", "github.com/s3share/s3share/demo", "github.com/s3share/s3share/preview",
	"charm.land/", "github.com/charmbracelet/", "github.com/rclone/gofakes3", "golang.org/x/image",
	"image/", "github.com/yeqown/go-qrcode",
}

// initCost runs argv with GODEBUG=inittrace=1 and returns the package init
// time of the front-end packages and of every package, in milliseconds.
func initCost(env, argv []string) (frontEnd, total float64, err error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(append([]string(nil), env...), "GODEBUG=inittrace=1")
	var trace bytes.Buffer
	cmd.Stderr = &trace
	if err := cmd.Run(); err != nil {
		return 0, 0, err
	}
	sc := bufio.NewScanner(&trace)
	for sc.Scan() {
		// init internal/bytealg @0.008 ms, 0 ms clock, 0 bytes, 0 allocs
		f := strings.Fields(sc.Text())
		if len(f) < 5 || f[0] != "init" {
			continue
		}
		ms, perr := strconv.ParseFloat(f[4], 64)
		if perr != nil {
			continue
		}
		total += ms
		for _, p := range frontEndPackages {
			if strings.HasPrefix(f[1], p) {
				frontEnd += ms
				break
			}
		}
	}
	return frontEnd, total, sc.Err()
}
