package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/s3share/s3share/internal/clipboard"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// putCmd uploads files and shares them as presign does.
type putCmd struct {
	Args         []string `arg:"" name:"FILE... s3://BUCKET[/PREFIX/]" completion:"files-s3-folder" help:"Files or directories to upload, then the bucket or folder they go to."`
	Name         string   `help:"Name the object (one file, or the clipboard's image) instead of taking the file's name." placeholder:"NAME"`
	Overwrite    bool     `help:"Replace objects of the same names (without it they are refused, and nothing is uploaded)."`
	KeepMetadata bool     `name:"keep-metadata" help:"Upload images as they are, GPS position included (by default the location data is removed, nothing else)."`
	Recursive    bool     `help:"Upload the subdirectories of a directory too."`
	All          bool     `help:"Upload files that are not images too (a directory gives every file)."`
	Clipboard    bool     `help:"Upload the image in the clipboard, named screenshot-YYYY-MM-DD-HHMMSS.png unless --name."`
	PartSize     string   `name:"part-size" hidden:"" default:"16MiB" help:"Files larger than this go in parallel parts of this size (at least 5MiB)." placeholder:"SIZE"`
	shareFlags   `embed:""`
}

// Run uploads the files (all or nothing), then issues their links
// through the pipeline as presign does. Everything that can be refused
// locally is refused before the network; a key taken is refused before
// any byte is sent. If no link could be issued, the objects uploaded are
// deleted again.
func (c *putCmd) Run(ctx context.Context, g *globals) error {
	opts, err := c.options()
	if err != nil {
		return err
	}
	dest, paths, err := c.destination()
	if err != nil {
		return err
	}
	ups, err := c.prepare(ctx, g, dest, paths, opts)
	if err != nil {
		return err
	}
	defer share.CloseUploads(ups)
	hist, err := c.openHistory(ctx, g)
	if err != nil {
		return err
	}
	if hist != nil {
		defer hist.Close()
		if err := hist.Verify(ctx); err != nil {
			return fmt.Errorf("nothing was uploaded: %w", err)
		}
	}
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	ts, err := g.teamSession(ctx, hist, b)
	if err != nil {
		return err
	}
	defer g.pushTeam(ctx, ts) // the team sees the links after the push
	if err := c.upload(ctx, g, b, ups, opts); err != nil {
		return err
	}
	return c.share(ctx, g, g.pipeline(b, hist), b, ups)
}

// options are the upload options of the flags.
func (c *putCmd) options() (share.UploadOptions, error) {
	part, err := humanize.ParseBytes(c.PartSize)
	if err != nil || part < uint64(s3browse.MinPartSize) {
		return share.UploadOptions{}, usagef("--part-size %q: give a size of at least 5MiB, like 16MiB", c.PartSize)
	}
	return share.UploadOptions{Overwrite: c.Overwrite, KeepMetadata: c.KeepMetadata, AnyFile: c.All, PartSize: int64(part)}, nil
}

// destination splits the arguments into the files and the folder they go
// to (a location without a trailing "/" is a folder too).
func (c *putCmd) destination() (s3browse.Location, []string, error) {
	last, paths := c.Args[len(c.Args)-1], c.Args[:len(c.Args)-1]
	if !strings.HasPrefix(last, "s3://") {
		return s3browse.Location{}, nil, usagef("%s: the last argument is where the files go, like s3://BUCKET/PREFIX/", last)
	}
	loc, err := s3browse.ParseLocation(last)
	if err != nil {
		return loc, nil, err
	}
	if !loc.IsPrefix() {
		if s3browse.IsImage(loc.Key) {
			dir, name := splitKey(loc.Key)
			return loc, nil, usagef("%s names an object: give the folder and the name, like s3://%s/%s --name %s", last, loc.Bucket, dir, name)
		}
		loc.Key += "/"
	}
	switch {
	case c.Clipboard && len(paths) > 0:
		return loc, nil, usagef("--clipboard uploads the image in the clipboard: give no files, only s3://BUCKET/PREFIX/")
	case !c.Clipboard && len(paths) == 0:
		return loc, nil, usagef("put takes the files to upload, then s3://BUCKET[/PREFIX/] (or --clipboard)")
	}
	return loc, paths, nil
}

// splitKey is a key's folder (ending in "/", or "") and its last name.
func splitKey(key string) (string, string) {
	i := strings.LastIndexByte(key, '/')
	return key[:i+1], key[i+1:]
}

// prepare collects the files (or reads the clipboard) and prepares their
// uploads: everything refused locally is refused here.
func (c *putCmd) prepare(ctx context.Context, g *globals, dest s3browse.Location, paths []string, opts share.UploadOptions) ([]*share.Upload, error) {
	var files []share.LocalFile
	var err error
	if c.Clipboard {
		var f share.LocalFile
		f, err = c.clipboardFile(ctx, g)
		files = []share.LocalFile{f}
	} else {
		files, err = share.CollectFiles(paths, share.CollectOptions{Recursive: c.Recursive, AnyFile: c.All})
	}
	if err != nil {
		return nil, err
	}
	if c.GalleryFile != "" {
		if _, err := os.Lstat(c.GalleryFile); err == nil {
			return nil, fmt.Errorf("%w: choose another --gallery-file, or move that file away", share.ErrGalleryFileExists)
		}
	}
	name := c.Name
	if c.Clipboard {
		name = "" // the file's name is the one chosen
	}
	return share.PrepareUploads(files, dest, name, opts)
}

// clipboardFile is the image in the clipboard, named by --name or by the
// time it is taken.
func (c *putCmd) clipboardFile(ctx context.Context, g *globals) (share.LocalFile, error) {
	img, err := clipboard.ReadImage(ctx, g.display())
	if err != nil {
		return share.LocalFile{}, err
	}
	name := c.Name
	if name == "" {
		name = screenshotName(g.now(), img.Type)
	}
	return share.LocalFile{Path: "the clipboard's image", Name: name, Data: img.Data}, nil
}

// screenshotName names a clipboard image taken at now (local time):
// screenshot-2026-03-01-142305.png.
func screenshotName(now time.Time, mediaType string) string {
	ext := strings.TrimPrefix(mediaType, "image/")
	if ext == "jpeg" {
		ext = "jpg"
	}
	return "screenshot-" + now.Local().Format("2006-01-02-150405") + "." + ext
}

// upload puts the files, with a progress line on a terminal, then says
// what went where and what was removed.
func (c *putCmd) upload(ctx context.Context, g *globals, b *s3browse.Browser, ups []*share.Upload, opts share.UploadOptions) error {
	total := int64(0)
	for _, up := range ups {
		total += up.Size
	}
	bar := startProgress(g, uploadingWhat(ups), total)
	opts.Progress = bar.add
	err := share.PutUploads(ctx, b, ups, opts)
	bar.finish()
	var pe *share.PutError
	if errors.As(err, &pe) && len(pe.Left) > 0 && errors.Is(err, context.Canceled) {
		fmt.Fprintf(g.stderr, "s3share: %s\n", termtext.Escape(pe.Error())) // report says only "interrupted"
	}
	if err != nil {
		return err
	}
	summarize(g, ups)
	return nil
}

// uploadingWhat names the files on the progress line.
func uploadingWhat(ups []*share.Upload) string {
	if len(ups) == 1 {
		return termtext.Escape(ups[0].File.Name)
	}
	return fmt.Sprintf("%d files", len(ups))
}

// share issues the links of the uploaded objects; when none could be
// issued, the objects it created are deleted again, so the same put can
// simply be run again.
func (c *putCmd) share(ctx context.Context, g *globals, p *share.Pipeline, b *s3browse.Browser, ups []*share.Upload) error {
	reqs := make([]share.Request, len(ups))
	for i, up := range ups {
		reqs[i] = c.request(up.Where())
	}
	issued, err := c.issue(ctx, g, p, b.EndpointName(), reqs)
	if err == nil || issued {
		return err
	}
	created := countCreated(ups)
	left := share.UndoUploads(ctx, b, ups)
	switch {
	case len(left) > 0:
		fmt.Fprintf(g.stderr, "s3share: no link was issued; uploaded and not deleted again: %s\n", escapedLocations(left))
	case created > 0:
		fmt.Fprintln(g.stderr, "s3share: no link was issued: the files uploaded were deleted again")
	}
	return err
}

// countCreated is how many uploads made new objects (not replaced ones).
func countCreated(ups []*share.Upload) int {
	n := 0
	for _, up := range ups {
		if up.Created {
			n++
		}
	}
	return n
}

// escapedLocations lists locations for a terminal.
func escapedLocations(ls []s3browse.Location) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = termtext.Escape(l.String())
	}
	return strings.Join(s, ", ")
}
