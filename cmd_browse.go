package main

import (
	"github.com/dustin/go-humanize"

	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// bucketsCmd lists buckets with their regions.
type bucketsCmd struct {
	JSON bool `name:"json" help:"One JSON object per line: name, region, created."`
}

// Run lists the buckets the credentials can see.
func (c *bucketsCmd) Run(ctx context.Context, g *globals) error {
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	buckets, err := b.ListBuckets(ctx)
	if err != nil {
		return err
	}
	if c.JSON {
		enc := json.NewEncoder(g.stdout)
		for _, bk := range buckets {
			if err := enc.Encode(bucketJSON{bk.Name, bk.Region, bk.Created.UTC()}); err != nil {
				return err
			}
		}
		return nil
	}
	for _, bk := range buckets {
		fmt.Fprintf(g.stdout, "%-40s %s\n", bk.Name, orDash(bk.Region))
	}
	return nil
}

type bucketJSON struct {
	Name    string    `json:"name"`
	Region  string    `json:"region"`
	Created time.Time `json:"created"`
}

// lsCmd lists one folder of a bucket.
type lsCmd struct {
	Location string `arg:"" name:"location" help:"s3://BUCKET or s3://BUCKET/PREFIX/."`
	All      bool   `help:"Show every object, not only images."`
	JSON     bool   `name:"json" help:"One JSON object per line: type (folder|object), key, size, last_modified, etag."`
}

// Run streams the folder's listing page by page.
func (c *lsCmd) Run(ctx context.Context, g *globals) error {
	loc, err := s3browse.ParseLocation(c.Location)
	if err != nil {
		return err
	}
	prefix := loc.Key
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/" // s3://bucket/photos means the folder photos/
	}
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	w := listingWriter{out: g.stdout, all: c.All, json: c.JSON}
	return b.ListAll(ctx, loc.Bucket, prefix, w.page)
}

// listingWriter prints listing pages as they arrive.
type listingWriter struct {
	out       io.Writer
	all, json bool
}

type entryJSON struct {
	Type         string     `json:"type"`
	Key          string     `json:"key"`
	Size         int64      `json:"size,omitempty"`
	LastModified *time.Time `json:"last_modified,omitempty"`
	ETag         string     `json:"etag,omitempty"`
}

func (w listingWriter) page(p s3browse.Page) error {
	enc := json.NewEncoder(w.out)
	for _, f := range p.Folders {
		var err error
		if w.json {
			err = enc.Encode(entryJSON{Type: "folder", Key: f})
		} else {
			_, err = fmt.Fprintf(w.out, "%27s  %s\n", "DIR", termtext.Escape(f))
		}
		if err != nil {
			return err
		}
	}
	for _, o := range p.Objects {
		if !w.all && !s3browse.IsImage(o.Key) {
			continue
		}
		var err error
		if w.json {
			mod := o.LastModified.UTC()
			err = enc.Encode(entryJSON{Type: "object", Key: o.Key, Size: o.Size, LastModified: &mod, ETag: o.ETag})
		} else {
			_, err = fmt.Fprintf(w.out, "%s %10s  %s\n", o.LastModified.Local().Format("2006-01-02 15:04"), humanize.Bytes(uint64(o.Size)), termtext.Escape(o.Key))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
