// Command bench measures s3share as whole processes, the way a person runs
// it, and compares it with Debian's awscli on the same local versitygw:
//
//   - time to the first frame of the terminal UI in a pty, with no
//     credentials and an unreachable endpoint (--endpoint-url
//     http://127.0.0.1:1), so any network or credential wait before the
//     first frame shows;
//   - one-shot `s3share presign` against `aws s3 presign` for one object;
//   - `s3share ls` against `aws s3 ls` for one folder;
//   - `s3share put` against `aws s3 cp` of one 256 MiB file (upload.go);
//   - `s3share find --all` against `aws s3 ls --recursive` on 100,000 keys in
//     1,000 folders and on 20,000 keys in none, behind a proxy adding 20 ms
//     to every request (find.go);
//   - the UI, ls and find holding one folder of up to a million objects:
//     peak resident set and timings (listing.go, with the listing server of
//     listserver.go in a process of its own);
//   - `s3share opens` over 1,000 access-log objects: a first read and a run
//     with nothing new, with the requests each sends (opens.go).
//
// It prints a table and, with -json, writes the figures for the
// BENCHMARKS.md generator (go run ./scripts/benchreport). Run it with
// `make bench`, or: go run ./scripts/bench -bin ./s3share -versitygw .bin/versitygw
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// options are the command-line flags.
type options struct {
	bin       string
	aws       string
	versitygw string
	jsonOut   string
	runs      int
	awsRuns   int
	lsObjects int
	findRuns  int
	putRuns   int
	onlyFind  bool
	only      string // "find", "listing" or "opens": measure only those figures
	listing   listingOptions
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "./s3share", "the s3share binary to measure")
	flag.StringVar(&o.aws, "aws", "/usr/bin/aws", "the awscli to compare with (Debian's)")
	flag.StringVar(&o.versitygw, "versitygw", ".bin/versitygw", "the versitygw binary for the local server")
	flag.StringVar(&o.jsonOut, "json", "", "also write the figures as JSON to this file")
	flag.IntVar(&o.runs, "runs", 20, "timed runs per s3share figure")
	flag.IntVar(&o.awsRuns, "aws-runs", 8, "timed runs per awscli figure (each takes about half a second)")
	flag.IntVar(&o.lsObjects, "ls-objects", 5000, "objects in the folder that ls lists")
	flag.IntVar(&o.putRuns, "put-runs", 3, "timed runs per upload figure (256 MiB each)")
	flag.BoolVar(&o.onlyFind, "only-find", false, "measure only the find figures (find.go)")
	onlyListing := flag.Bool("only-listing", false, "measure only the listing figures (listing.go)")
	onlyOpens := flag.Bool("only-opens", false, "measure only the access-log figures (opens.go)")
	uiSizes := flag.String("ui-sizes", "1000,100000,1000000", "folder sizes the UI lists (listing.go), comma-separated; none for no UI figures")
	flag.BoolVar(&o.listing.cli, "listing-cli", true, "measure ls and find of a big folder (listing.go)")
	flag.IntVar(&o.listing.uiRuns, "ui-runs", 1, "runs of the UI per folder size (listing.go); the run of median peak RSS is kept")
	serve := flag.String("serve-listing", "", "(the listing server's own process) serve buckets of these sizes, comma-separated")
	flag.IntVar(&o.findRuns, "find-runs", 3, "timed runs per find figure (aws s3 ls --recursive of 100k keys takes about 20 s)")
	flag.Parse()
	if *serve != "" {
		if err := serveListing(*serve); err != nil {
			fmt.Fprintln(os.Stderr, "bench: listing server:", err)
			os.Exit(1)
		}
		return
	}
	var err error
	if o.listing.uiSizes, err = parseSizes(*uiSizes); err != nil {
		fmt.Fprintln(os.Stderr, "bench: -ui-sizes:", err)
		os.Exit(2)
	}
	if *onlyListing {
		o.only = "listing"
	}
	if *onlyOpens {
		o.only = "opens"
	}
	if o.onlyFind {
		o.only = "find"
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run measures everything and reports it.
func run(o options) error {
	bin, err := filepath.Abs(o.bin)
	if err != nil {
		return err
	}
	o.bin = bin
	if _, err := os.Stat(o.bin); err != nil {
		return fmt.Errorf("no s3share binary at %s: run `make build` first", o.bin)
	}
	tmp, err := os.MkdirTemp("", "s3share-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	res := &Results{Runs: o.runs, AWSRuns: o.awsRuns, LsObjects: o.lsObjects}
	if o.only == "" {
		if res.FirstFrame, res.FirstText, err = firstFrames(o, tmp); err != nil {
			return fmt.Errorf("first frame: %w", err)
		}
		if err := compareAWS(o, tmp, res); err != nil {
			return err
		}
	}
	if o.only == "" || o.only == "find" {
		if err := measureFind(o, tmp, res); err != nil {
			return fmt.Errorf("find: %w", err)
		}
	}
	if o.only == "" || o.only == "listing" {
		if err := measureListing(o, tmp, res); err != nil {
			return fmt.Errorf("listing: %w", err)
		}
	}
	if o.only == "" || o.only == "opens" {
		if err := measureOpens(o, tmp, res); err != nil {
			return fmt.Errorf("opens: %w", err)
		}
	}
	printTable(os.Stdout, res)
	printFind(os.Stdout, res.Find)
	printListing(os.Stdout, res.Listing)
	printOpens(os.Stdout, res.Opens)
	if o.jsonOut == "" {
		return nil
	}
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(o.jsonOut, append(data, '\n'), 0o644)
}

// compareAWS starts a local versitygw and times presign and ls for s3share
// and awscli. Without awscli the comparisons are skipped.
func compareAWS(o options, tmp string, res *Results) error {
	if _, err := exec.LookPath(o.aws); err != nil {
		res.Skipped = append(res.Skipped, "awscli comparisons: no "+o.aws+" (apt-get install awscli)")
		return nil
	}
	srv, err := startVersity(o.versitygw, filepath.Join(tmp, "s3"))
	if err != nil {
		return err
	}
	defer srv.stop()
	if err := srv.seed(benchBucket, o.lsObjects); err != nil {
		return err
	}
	if err := timeCommands(o, srv, tmp, res); err != nil {
		return err
	}
	return timeUploads(o, srv, tmp, res)
}
