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
	presign := []timed{
		{&res.PresignS3share, o.runs, s3share("presign", loc)},
		{&res.PresignS3shareNoHistory, o.runs, s3share("presign", "--no-history", loc)},
		{&res.HelpS3share, o.runs, s3share("--help")},
		{&res.PresignAWS, o.awsRuns, aws("s3", "presign", loc, "--expires-in", "86400")},
	}
	ls := []timed{
		{&res.LsS3share, o.runs, s3share("ls", folder)},
		{&res.LsAWS, o.awsRuns, aws("s3", "ls", folder)},
	}
	for _, group := range [][]timed{presign, ls} {
		if err := timeInterleaved(env, group); err != nil {
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

// timed is one command to time: argv, run runs times, summarised into into.
type timed struct {
	into *Stats
	runs int
	argv []string
}

// timeInterleaved runs each command once to warm up, then times them in
// rounds, each command in turn, its runs spread evenly over the rounds: the
// commands a ratio compares run under the same conditions, however this
// machine's speed drifts during the benchmark. Any failure stops it.
func timeInterleaved(env []string, cmds []timed) error {
	rounds := 0
	for _, c := range cmds {
		if _, _, err := runOnce(env, c.argv); err != nil {
			return err
		}
		rounds = max(rounds, c.runs)
	}
	times := make([][]time.Duration, len(cmds))
	for r := range rounds {
		for i, c := range cmds {
			if (r+1)*c.runs/rounds == r*c.runs/rounds {
				continue // not this command's turn in this round
			}
			d, _, err := runOnce(env, c.argv)
			if err != nil {
				return err
			}
			times[i] = append(times[i], d)
		}
	}
	for i, c := range cmds {
		*c.into = statsOf(times[i])
	}
	return nil
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
