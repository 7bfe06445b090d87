package preview

import (
	"context"
	"errors"
	"fmt"
	"image"
)

// Target says how and where a picture will be shown.
type Target struct {
	Mode       Mode     // Blocks, Kitty, Sixel or ITerm
	Cols, Rows int      // the box, in cells
	Cell       CellSize // pixels per cell, for the graphics modes
	KittyID    int      // image id for Kitty, 1..2^24-1
}

// Picture is a picture scaled and encoded for one Target.
type Picture struct {
	Facts      Facts
	Target     Target
	Cols, Rows int      // the cells it covers, at most the Target's box
	Lines      []string // Blocks: the picture as text; Kitty: the placeholder cells
	Seq        string   // Kitty: transmission; Sixel, ITerm: the image escape (place it with At)
}

// Bytes is the memory the picture holds, for the cache's bound.
func (p *Picture) Bytes() int64 {
	n := int64(len(p.Seq)) + 256
	for _, l := range p.Lines {
		n += int64(len(l)) + 16
	}
	return n
}

// Prepare decodes data (the first bytes of an object of size bytes),
// scales it for t and encodes it. All of it is CPU work meant for a
// background goroutine; ctx stops it between steps. The memory it takes
// comes out of DecodeMemory, shared by every Prepare in the process: it
// waits (until ctx ends) while other previews hold too much of it, and a
// picture that would need more than all of it is refused with ErrTooLarge.
func Prepare(ctx context.Context, data []byte, size int64, t Target) (*Picture, error) {
	return prepare(ctx, decodeMemory, data, size, t)
}

// prepare is Prepare within mem.
func prepare(ctx context.Context, mem *memoryBudget, data []byte, size int64, t Target) (*Picture, error) {
	f, cfg, err := inspect(data, size)
	if err != nil {
		return nil, err
	}
	full := decodeBytes(f.Format, cfg, data) + renderBytes(cfg.Width, cfg.Height, f, t)
	if f.Format == JPEG {
		if pic, done, err := prepareDC(ctx, mem, data, f, t, full > mem.size); done {
			return pic, err
		}
	}
	if full > mem.size {
		return nil, tooLargeToDecode(f, cfg, data, full, mem.size)
	}
	release, err := mem.acquire(ctx, full)
	if err != nil {
		return nil, err
	}
	defer release()
	img, err := decodeFull(f.Format, data)
	if err != nil {
		return nil, err
	}
	return Render(ctx, img, f, t)
}

// prepareDC previews a JPEG from its DC terms at one eighth of its size,
// when that will do for t or a full decode would not fit the budget
// (overBudget). done is false when the full decoder should decide (or,
// over the budget, refuse): the JPEG is one the DC decoder does not read,
// or it is damaged and the full decoder can name the damage.
func prepareDC(ctx context.Context, mem *memoryBudget, data []byte, f Facts, t Target, overBudget bool) (pic *Picture, done bool, err error) {
	if !overBudget && !eighthWillDo(f, t) {
		return nil, false, nil
	}
	h, err := readJPEGHeader(data)
	if err != nil || h.dcReadable() != nil {
		return nil, false, nil
	}
	cost := h.dcDecodeBytes() + renderBytes(ceilDiv(h.width, 8), ceilDiv(h.height, 8), f, t)
	release, err := mem.acquire(ctx, cost)
	if err != nil {
		return nil, true, err
	}
	defer release()
	img, err := decodeJPEGDC(data)
	switch {
	case err == nil:
		pic, err := Render(ctx, img, f, t)
		return pic, true, err
	case !overBudget || errors.Is(err, errDCUnsupported):
		return nil, false, nil
	}
	return nil, true, noPreview(ErrBroken, err, "%s", brokenLine(JPEG, err))
}

// eighthWillDo reports whether a picture decoded at one eighth of its size
// has at least four fifths of the pixels t shows: a preview scaled up by a
// quarter at most is as good as sharp in a terminal pane, and a camera
// photo then decodes in a third of the time.
func eighthWillDo(f Facts, t Target) bool {
	w, h := pixelsFor(f, t)
	return 5*(f.Width/8) >= 4*w && 5*(f.Height/8) >= 4*h
}

// Render scales a decoded picture (as stored, before orientation) for t
// and encodes it.
func Render(ctx context.Context, img image.Image, facts Facts, t Target) (*Picture, error) {
	if t.Cols < 1 || t.Rows < 1 {
		return nil, fmt.Errorf("preview box %dx%d cells is too small", t.Cols, t.Rows)
	}
	w, h := pixelsFor(facts, t)
	sw, sh := w, h
	if facts.Orientation >= 5 {
		sw, sh = h, w
	}
	scaled := orient(Scale(img, sw, sh), facts.Orientation)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := &Picture{Facts: facts, Target: t}
	return p, p.encode(scaled)
}

// pixelsFor is the upright pixel size the picture gets in t's box.
func pixelsFor(f Facts, t Target) (int, int) {
	if t.Mode == Blocks || !t.Mode.Graphics() {
		return Fit(f.Width, f.Height, t.Cols, 2*t.Rows)
	}
	c := t.cell()
	bh := t.Rows * c.H
	if t.Mode == Sixel {
		bh -= bh % 6 // sixel bands are 6 pixels: a partial band would spill into the next row
	}
	return Fit(f.Width, f.Height, t.Cols*c.W, bh)
}

// cell is the cell size the picture is laid out with.
func (t Target) cell() CellSize {
	if t.Mode == Sixel && !t.Cell.Known() {
		return SixelCell
	}
	return t.Cell.OrDefault()
}

// encode renders img for the target's mode.
func (p *Picture) encode(img *image.RGBA) error {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	c := p.Target.cell()
	var err error
	switch p.Target.Mode {
	case Kitty:
		p.Cols, p.Rows = ceilDiv(w, c.W), ceilDiv(h, c.H)
		p.Seq, err = KittyTransmit(img, p.Target.KittyID, p.Cols, p.Rows)
		p.Lines = KittyPlaceholders(p.Target.KittyID, p.Cols, p.Rows)
	case Sixel:
		p.Cols, p.Rows = ceilDiv(w, c.W), ceilDiv(h, c.H)
		p.Seq, err = SixelImage(img)
	case ITerm:
		p.Cols, p.Rows = ceilDiv(w, c.W), ceilDiv(h, c.H)
		p.Seq, err = ITermImage(img, p.Cols, p.Rows)
	default:
		p.Lines = RenderBlocks(img)
		p.Cols, p.Rows = w, len(p.Lines)
	}
	p.Cols, p.Rows = min(p.Cols, p.Target.Cols), min(p.Rows, p.Target.Rows)
	return err
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
