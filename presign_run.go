package main

import (
	"context"
	"fmt"

	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// recordChunk is how many links are recorded and printed at a time: a crash
// can lose only links that were never printed.
const recordChunk = 50

// issueAndRecord signs every request in one batch while the preflight
// checks the buckets, then records and prints the links chunk by chunk. A
// fatal preflight finding cancels the signing and is the error reported.
func (c *presignCmd) issueAndRecord(ctx context.Context, g *globals, b *s3browse.Browser,
	hist *share.History, reqs []share.Request) ([]share.Link, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	check := startPreflight(ctx, b, reqs, cancel)
	links, err := share.NewIssuer(b, g.now).Issue(ctx, reqs)
	warning, checkErr := check.wait()
	switch {
	case checkErr != nil:
		return nil, checkErr
	case err != nil:
		return nil, err
	case warning != "":
		fmt.Fprintf(g.stderr, "s3share: warning: %s\n", warning)
	}
	printWarnings(g, links)
	for start := 0; start < len(links); start += recordChunk {
		if err := c.recordAndPrint(ctx, g, hist, links[start:min(start+recordChunk, len(links))]); err != nil {
			return nil, err
		}
	}
	return links, nil
}

// recordAndPrint records one chunk (unless --no-history), then prints it.
func (c *presignCmd) recordAndPrint(ctx context.Context, g *globals, hist *share.History, links []share.Link) error {
	if hist != nil {
		recorded, err := hist.Add(ctx, links)
		if err != nil {
			return fmt.Errorf("links not issued: %w", err)
		}
		copy(links, recorded) // their history ids
	}
	return c.print(g, links)
}

// printWarnings prints each distinct warning of the batch once.
func printWarnings(g *globals, links []share.Link) {
	seen := map[string]bool{}
	for _, l := range links {
		for _, w := range l.Warnings {
			if !seen[w] {
				seen[w] = true
				fmt.Fprintf(g.stderr, "s3share: warning: %s\n", w)
			}
		}
	}
}
