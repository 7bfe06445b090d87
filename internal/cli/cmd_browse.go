package cli

import (
	"bufio"
	"context"
	"strings"

	"github.com/s3share/s3share/s3browse"
)

// bucketsCmd lists buckets with their regions.
type bucketsCmd struct{}

// Run lists the buckets the credentials can see.
func (c *bucketsCmd) Run(ctx context.Context, g *globals) error {
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	stop := waiting(g.stderr, b.EndpointName(), "list buckets")
	buckets, err := b.ListBuckets(ctx)
	stop()
	if err != nil {
		return err
	}
	out := g.out()
	for _, bk := range buckets {
		if err := out.print(bucketRecord{bk}); err != nil {
			return err
		}
	}
	return nil
}

// lsCmd lists one folder of a bucket.
type lsCmd struct {
	Location string `arg:"" name:"location" completion:"s3-folder" help:"s3://BUCKET or s3://BUCKET/PREFIX/."`
	All      bool   `help:"Show every object, not only images."`
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
	stop := waiting(g.stderr, b.EndpointName(), "list "+s3browse.Location{Bucket: loc.Bucket, Key: prefix}.String())
	defer stop()
	// One write per page rather than per line, as find does: a folder can
	// hold a million objects. Nothing outlives its page.
	buf := bufio.NewWriterSize(g.stdout, 64<<10)
	out := g.outTo(buf)
	return b.ListAll(ctx, loc.Bucket, prefix, func(p s3browse.Page) error {
		stop() // the first page is in: the rest streams
		if err := printPage(out, p, c.All); err != nil {
			return err
		}
		return buf.Flush()
	})
}

// printPage prints a listing page as it arrives: its folders, then its
// images (every object with all).
func printPage(out *printer, p s3browse.Page, all bool) error {
	for _, f := range p.Folders {
		if err := out.print(folderRecord(f)); err != nil {
			return err
		}
	}
	for _, o := range p.Objects {
		if !all && !s3browse.IsImage(o.Key) {
			continue
		}
		if err := out.print(objectRecord{o}); err != nil {
			return err
		}
	}
	return nil
}
