package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/dustin/go-humanize"

	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// previewCmd draws one image in the terminal, like kitty icat or chafa,
// with the same renderers as the UI's preview pane.
type previewCmd struct {
	Location string       `arg:"" name:"location" help:"s3://BUCKET/KEY of one image."`
	Mode     preview.Mode `name:"mode" default:"auto" enum:"auto,kitty,sixel,iterm,blocks,off" help:"How to draw: auto (detect), kitty, sixel, iterm, blocks (Unicode half blocks, any terminal) or off (facts only)."`
	Width    int          `name:"width" help:"Columns to use (default: the terminal's width, at most 80)." placeholder:"COLS"`
	MaxMiB   int64        `name:"max-mib" default:"16" help:"Read at most this many MiB of the object; a larger image is refused with its size."`
}

// Run reads the start of the object, decodes it and draws it on stdout;
// the facts line goes to stderr.
func (c *previewCmd) Run(ctx context.Context, g *globals) error {
	loc, err := s3browse.ParseLocation(c.Location)
	if err != nil {
		return err
	}
	if loc.Key == "" || strings.HasSuffix(loc.Key, "/") {
		return usagef("preview needs one object, s3://BUCKET/KEY, not a folder: %s", termtext.Escape(c.Location))
	}
	if c.Width < 0 || c.MaxMiB < 1 {
		return usagef("--width must be positive and --max-mib at least 1")
	}
	mode := c.Mode
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	limit := c.MaxMiB << 20
	data, info, err := b.ReadRange(ctx, loc.Bucket, loc.Key, limit)
	if err != nil {
		return err
	}
	where := termtext.Escape(loc.String())
	if info.Size > int64(len(data)) {
		return fmt.Errorf("%s: %s", where, preview.TooLargeToFetch(info.Size, limit, "pass --max-mib to read more"))
	}
	facts, err := preview.Inspect(data, info.Size)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if mode != preview.Off {
		if err := c.draw(ctx, g, mode, data, info.Size); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	fmt.Fprintln(g.stderr, factsLine(where, facts, info))
	return nil
}

// draw detects the terminal, renders the picture and writes it out.
func (c *previewCmd) draw(ctx context.Context, g *globals, mode preview.Mode, data []byte, size int64) error {
	out, isTTY := g.stdout.(*os.File)
	isTTY = isTTY && term.IsTerminal(out.Fd())
	var tty *os.File
	if isTTY {
		if f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
			defer f.Close()
			tty = f
		}
	}
	if !isTTY && mode == preview.Auto {
		mode = preview.Blocks // text down a pipe
	}
	mode, cell := preview.Detect(mode, g.env.Terminal, tty)
	cols, rows := c.box(out, isTTY)
	pic, err := preview.Prepare(ctx, data, size, preview.Target{Mode: mode, Cols: cols, Rows: rows, Cell: cell, KittyID: 1})
	if err != nil {
		return err
	}
	return writePicture(g.stdout, pic, isTTY, preview.InTmux(g.env.Terminal), g.env.TerminalEnviron())
}

// box is the cells the picture may take: --width (else the terminal's
// width, at most 80) by the terminal's height less room for the prompt.
func (c *previewCmd) box(out *os.File, isTTY bool) (int, int) {
	cols, rows := 80, 40
	if isTTY {
		if w, h, err := term.GetSize(out.Fd()); err == nil && w > 0 && h > 0 {
			cols, rows = min(w, 80), max(h-3, 4)
		}
	}
	if c.Width > 0 {
		cols = c.Width
	}
	return cols, rows
}

// writePicture writes pic for its mode: text lines for blocks (on a
// terminal in the colours it can show, down a pipe in 24-bit colour), the
// transmission and placeholders for kitty, the image escape and room below
// it for sixel and iTerm2.
func writePicture(w io.Writer, pic *preview.Picture, isTTY, tmux bool, environ []string) error {
	var s string
	switch pic.Target.Mode {
	case preview.Kitty:
		s = preview.Passthrough(pic.Seq, tmux) + strings.Join(pic.Lines, "\n") + "\n"
	case preview.Sixel:
		s = pic.Seq + "\n"
	case preview.ITerm:
		s = preview.Passthrough(pic.Seq, tmux) + strings.Repeat("\n", pic.Rows)
	default:
		s = strings.Join(pic.Lines, "\n") + "\n"
		if isTTY {
			w = colorprofile.NewWriter(w, environ)
		}
	}
	_, err := io.WriteString(w, s)
	return err
}

// factsLine is "s3://b/k · PNG 320x200 · 12 kB · 2026-11-25 10:04".
func factsLine(where string, f preview.Facts, info s3browse.ObjectInfo) string {
	parts := []string{where, fmt.Sprintf("%s %dx%d", f.Format, f.Width, f.Height), humanize.Bytes(uint64(info.Size))}
	if !info.LastModified.IsZero() {
		parts = append(parts, info.LastModified.Local().Format("2006-01-02 15:04"))
	}
	return strings.Join(parts, " · ")
}
