package main

import (
	"context"
	"fmt"

	"github.com/s3share/s3share/share"
)

// recordChunk is how many links are signed, recorded and printed at a time:
// a crash can lose only links that were never printed.
const recordChunk = 50

// presignRun is one presign command at work.
type presignRun struct {
	cmd    *presignCmd
	g      *globals
	issuer *share.Issuer
	hist   *share.History // nil with --no-history
	check  *preflight     // the bucket and clock check; nil once done
	batch  string         // the first chunk's batch id, shared by all
	seen   map[string]bool
}

// all issues every request, chunk by chunk, and returns the links.
func (r *presignRun) all(ctx context.Context, reqs []share.Request) ([]share.Link, error) {
	var out []share.Link
	for start := 0; start < len(reqs); start += recordChunk {
		links, err := r.chunk(ctx, reqs[start:min(start+recordChunk, len(reqs))])
		if err != nil {
			return nil, err
		}
		out = append(out, links...)
	}
	return out, nil
}

// chunk signs, records, then prints one chunk of links.
func (r *presignRun) chunk(ctx context.Context, reqs []share.Request) ([]share.Link, error) {
	links, err := r.issuer.Issue(ctx, reqs)
	if err != nil {
		return nil, err
	}
	if err := r.waitCheck(); err != nil {
		return nil, err
	}
	r.sameBatch(links)
	if r.hist != nil {
		if links, err = r.hist.Add(ctx, links); err != nil {
			return nil, fmt.Errorf("links not issued: %w", err)
		}
	}
	r.warn(links)
	return links, r.cmd.print(r.g, links)
}

// waitCheck waits, once, for the preflight check before the first link is
// recorded, and prints its clock warning.
func (r *presignRun) waitCheck() error {
	if r.check == nil {
		return nil
	}
	warning, err := r.check.wait()
	r.check = nil
	if err != nil {
		return err
	}
	if warning != "" {
		fmt.Fprintf(r.g.stderr, "s3share: warning: %s\n", warning)
	}
	return nil
}

// sameBatch gives every chunk the batch id of the first.
func (r *presignRun) sameBatch(links []share.Link) {
	if len(links) == 0 {
		return
	}
	if r.batch == "" {
		r.batch = links[0].BatchID
	}
	for i := range links {
		links[i].BatchID = r.batch
	}
}

// warn prints each distinct warning once per run.
func (r *presignRun) warn(links []share.Link) {
	for _, l := range links {
		for _, w := range l.Warnings {
			if !r.seen[w] {
				r.seen[w] = true
				fmt.Fprintf(r.g.stderr, "s3share: warning: %s\n", w)
			}
		}
	}
}
