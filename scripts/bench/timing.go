package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// timeCommands times presign and ls for s3share and awscli against srv.
func timeCommands(o options, srv *versity, tmp string, res *Results) error {
	env := srv.env(filepath.Join(tmp, "home"))
	loc := "s3://" + benchBucket + "/" + imageKey(1)
	folder := "s3://" + benchBucket + "/"
	s3share := func(args ...string) []string {
		return append([]string{o.bin, "--endpoint-url", srv.endpoint, "--path-style"}, args...)
	}
	aws := func(args ...string) []string {
		return append([]string{o.aws}, append(args, "--endpoint-url", srv.endpoint)...)
	}
	if err := checkPresigned(env, s3share("presign", "--no-history", loc)); err != nil {
		return err
	}
	var err error
	steps := []struct {
		into *Stats
		runs int
		argv []string
	}{
		{&res.PresignS3share, o.runs, s3share("presign", loc)},
		{&res.PresignS3shareNoHistory, o.runs, s3share("presign", "--no-history", loc)},
		{&res.HelpS3share, o.runs, s3share("--help")},
		{&res.PresignAWS, o.awsRuns, aws("s3", "presign", loc, "--expires-in", "86400")},
		{&res.LsS3share, o.runs, s3share("ls", folder)},
		{&res.LsAWS, o.awsRuns, aws("s3", "ls", folder)},
	}
	for _, s := range steps {
		if *s.into, err = timeRuns(env, s.runs, s.argv); err != nil {
			return err
		}
	}
	for range o.runs { // the median of a few: one trace is noisy
		fe, total, err := initCost(env, s3share("presign", "--no-history", loc))
		if err != nil {
			return err
		}
		res.InitFrontEnd = append(res.InitFrontEnd, fe)
		res.InitTotal = append(res.InitTotal, total)
	}
	return nil
}

// timeRuns runs argv once to warm up, then runs times, and summarises the
// wall times. Any failure stops the benchmark.
func timeRuns(env []string, runs int, argv []string) (Stats, error) {
	var ds []time.Duration
	for i := range runs + 1 {
		d, _, err := runOnce(env, argv)
		if err != nil {
			return Stats{}, err
		}
		if i > 0 {
			ds = append(ds, d)
		}
	}
	return statsOf(ds), nil
}

// runOnce runs argv to completion and returns its wall time and stdout.
func runOnce(env []string, argv []string) (time.Duration, string, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, "", fmt.Errorf("%s %s: %v: %s", filepath.Base(argv[0]), strings.Join(argv[1:], " "), err,
			strings.TrimSpace(errOut.String()))
	}
	return d, out.String(), nil
}

// checkPresigned makes sure s3share's link really opens the object, so the
// timing is of a working command.
func checkPresigned(env []string, argv []string) error {
	_, out, err := runOnce(env, argv)
	if err != nil {
		return err
	}
	url := strings.TrimSpace(out)
	resp, err := http.Get(url)
	if err != nil {
		return fmt.Errorf("fetch the presigned link: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the presigned link answered %s", resp.Status)
	}
	return nil
}
