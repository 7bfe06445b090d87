package preview

import (
	"image"
	"strconv"
	"strings"
)

// RenderBlocks draws img with Unicode half blocks in 24-bit colour: each
// cell shows two pixels, the upper half block's foreground the top one and
// its background the bottom one, so a w x h picture takes w columns and
// (h+1)/2 rows. Transparent pixels (alpha under half) leave the terminal's
// own background. Colour codes are written only when they change, and
// every line ends with a reset: the lines are plain styled text that can go
// straight into a frame.
func RenderBlocks(img *image.RGBA) []string {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	lines := make([]string, 0, (h+1)/2)
	var sb strings.Builder
	for y := 0; y < h; y += 2 {
		sb.Reset()
		sb.Grow(w * 24)
		pen := pen{}
		for x := range w {
			top, tok := pixel(img, x, y)
			bot, bok := rgb{}, false
			if y+1 < h {
				bot, bok = pixel(img, x, y+1)
			}
			pen.cell(&sb, top, tok, bot, bok)
		}
		sb.WriteString("\x1b[0m")
		lines = append(lines, sb.String())
	}
	return lines
}

// rgb is an opaque colour.
type rgb struct{ r, g, b uint8 }

// pixel returns the un-premultiplied colour at (x, y) and whether it is
// opaque enough to draw.
func pixel(img *image.RGBA, x, y int) (rgb, bool) {
	i := img.PixOffset(img.Rect.Min.X+x, img.Rect.Min.Y+y)
	p := img.Pix[i : i+4]
	a := uint32(p[3])
	if a < 128 {
		return rgb{}, false
	}
	if a == 255 {
		return rgb{p[0], p[1], p[2]}, true
	}
	un := func(c uint8) uint8 { return uint8(min(uint32(c)*255/a, 255)) }
	return rgb{un(p[0]), un(p[1]), un(p[2])}, true
}

// pen remembers the colours in effect on the line being written.
type pen struct {
	fg, bg       rgb
	fgSet, bgSet bool // a colour (not the default) is in effect
	started      bool // anything was written: the defaults are known
}

// cell writes one cell showing top over bot.
func (p *pen) cell(sb *strings.Builder, top rgb, tok bool, bot rgb, bok bool) {
	switch {
	case tok && bok && top == bot:
		p.background(sb, top, true)
		sb.WriteByte(' ')
	case tok && bok:
		p.foreground(sb, top)
		p.background(sb, bot, true)
		sb.WriteString("▀")
	case tok:
		p.foreground(sb, top)
		p.background(sb, rgb{}, false)
		sb.WriteString("▀")
	case bok:
		p.foreground(sb, bot)
		p.background(sb, rgb{}, false)
		sb.WriteString("▄")
	default:
		p.background(sb, rgb{}, false)
		sb.WriteByte(' ')
	}
	p.started = true
}

// foreground sets the foreground colour if it differs.
func (p *pen) foreground(sb *strings.Builder, c rgb) {
	if p.fgSet && p.fg == c {
		return
	}
	p.fg, p.fgSet = c, true
	writeSGR(sb, "38", c)
}

// background sets the background colour, or the default when !set.
func (p *pen) background(sb *strings.Builder, c rgb, set bool) {
	switch {
	case !set && (p.bgSet || !p.started):
		if p.bgSet {
			sb.WriteString("\x1b[49m")
		}
		p.bgSet = false
	case set && !(p.bgSet && p.bg == c):
		p.bg, p.bgSet = c, true
		writeSGR(sb, "48", c)
	}
}

// writeSGR writes CSI which;2;r;g;b m.
func writeSGR(sb *strings.Builder, which string, c rgb) {
	sb.WriteString("\x1b[")
	sb.WriteString(which)
	sb.WriteString(";2;")
	sb.WriteString(strconv.Itoa(int(c.r)))
	sb.WriteByte(';')
	sb.WriteString(strconv.Itoa(int(c.g)))
	sb.WriteByte(';')
	sb.WriteString(strconv.Itoa(int(c.b)))
	sb.WriteByte('m')
}
