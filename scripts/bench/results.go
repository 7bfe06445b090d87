package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// Stats summarises the wall times of repeated runs, in milliseconds.
type Stats struct {
	Median float64 `json:"median_ms"`
	Min    float64 `json:"min_ms"`
	Max    float64 `json:"max_ms"`
	N      int     `json:"n"`
}

// statsOf summarises ds.
func statsOf(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return Stats{Median: ms(s[len(s)/2]), Min: ms(s[0]), Max: ms(s[len(s)-1]), N: len(s)}
}

// Results are the process figures, as written with -json.
type Results struct {
	Runs      int `json:"runs"`
	AWSRuns   int `json:"aws_runs"`
	LsObjects int `json:"ls_objects"`

	FirstFrame Stats `json:"first_frame"` // first bytes the UI writes to the pty
	FirstText  Stats `json:"first_text"`  // first printable text among them

	PresignS3share          Stats `json:"presign_s3share"`            // with the history write
	PresignS3shareNoHistory Stats `json:"presign_s3share_no_history"` // --no-history
	PresignAWS              Stats `json:"presign_aws"`
	LsS3share               Stats `json:"ls_s3share"`
	LsAWS                   Stats `json:"ls_aws"`
	HelpS3share             Stats `json:"help_s3share"` // s3share --help: the process floor
	PutS3share              Stats `json:"put_s3share"`  // s3share put of 256 MiB (upload.go)
	PutAWS                  Stats `json:"put_aws"`      // aws s3 cp of the same file

	// Package init of a presign run (GODEBUG=inittrace=1), ms per run: the
	// UI, demo and picture packages it links but does not use, and all.
	InitFrontEnd []float64 `json:"init_front_end_ms"`
	InitTotal    []float64 `json:"init_total_ms"`

	Find    *FindResults    `json:"find,omitempty"`    // find.go
	Listing *ListingResults `json:"listing,omitempty"` // listing.go
	Opens   *OpensResults   `json:"opens,omitempty"`   // opens.go

	Skipped []string `json:"skipped,omitempty"`
}

// printTable writes the figures as a plain table.
func printTable(w io.Writer, r *Results) {
	fmt.Fprintf(w, "%-44s %10s %10s %10s %4s\n", "figure", "median ms", "min ms", "max ms", "n")
	row := func(name string, s Stats) {
		if s.N == 0 {
			return
		}
		fmt.Fprintf(w, "%-44s %10.2f %10.2f %10.2f %4d\n", name, s.Median, s.Min, s.Max, s.N)
	}
	row("first frame (pty, no credentials, :1)", r.FirstFrame)
	row("first text on screen", r.FirstText)
	row("s3share presign (one object, history)", r.PresignS3share)
	row("s3share presign --no-history", r.PresignS3shareNoHistory)
	row("aws s3 presign", r.PresignAWS)
	row(fmt.Sprintf("s3share ls (%d objects)", r.LsObjects), r.LsS3share)
	row(fmt.Sprintf("aws s3 ls (%d objects)", r.LsObjects), r.LsAWS)
	row("s3share put (256 MiB)", r.PutS3share)
	row("aws s3 cp (256 MiB)", r.PutAWS)
	ratio := func(name string, a, b Stats) {
		if a.N > 0 && b.N > 0 && b.Median > 0 {
			fmt.Fprintf(w, "%-44s %10.1fx\n", name, a.Median/b.Median)
		}
	}
	ratio("aws s3 presign / s3share presign", r.PresignAWS, r.PresignS3share)
	ratio("aws s3 ls / s3share ls", r.LsAWS, r.LsS3share)
	ratio("aws s3 cp / s3share put (256 MiB)", r.PutAWS, r.PutS3share)
	for _, s := range r.Skipped {
		fmt.Fprintln(w, "skipped:", s)
	}
}
