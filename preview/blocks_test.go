package preview

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/golden"

	"github.com/charmbracelet/x/ansi"
)

// decodeBlocks reads half-block lines back into pixels: two per cell,
// transparent where the terminal's background shows.
func decodeBlocks(t *testing.T, lines []string) *image.RGBA {
	t.Helper()
	w := ansi.StringWidth(lines[0])
	img := image.NewRGBA(image.Rect(0, 0, w, 2*len(lines)))
	for y, line := range lines {
		var fg, bg color.RGBA
		x := 0
		p := ansi.NewParser()
		var state byte
		for len(line) > 0 {
			seq, width, n, next := ansi.DecodeSequence(line, state, p)
			state, line = next, line[n:]
			if width == 0 {
				applySGR(ansi.Cmd(p.Command()), p.Params(), &fg, &bg)
				continue
			}
			switch seq {
			case "▀":
				img.SetRGBA(x, 2*y, fg)
				img.SetRGBA(x, 2*y+1, bg)
			case "▄":
				img.SetRGBA(x, 2*y, bg)
				img.SetRGBA(x, 2*y+1, fg)
			case " ":
				img.SetRGBA(x, 2*y, bg)
				img.SetRGBA(x, 2*y+1, bg)
			default:
				t.Fatalf("unexpected cell %q", seq)
			}
			x += width
		}
		if x != w {
			t.Fatalf("line %d is %d cells, line 0 is %d", y, x, w)
		}
	}
	return img
}

// applySGR follows the colour codes RenderBlocks writes.
func applySGR(cmd ansi.Cmd, params ansi.Params, fg, bg *color.RGBA) {
	if cmd.Final() != 'm' {
		return
	}
	p := make([]int, len(params))
	for i := range params {
		p[i] = params[i].Param(0)
	}
	switch {
	case len(p) == 5 && p[0] == 38:
		*fg = color.RGBA{uint8(p[2]), uint8(p[3]), uint8(p[4]), 255}
	case len(p) == 5 && p[0] == 48:
		*bg = color.RGBA{uint8(p[2]), uint8(p[3]), uint8(p[4]), 255}
	case len(p) == 1 && p[0] == 49, len(p) == 1 && p[0] == 0:
		*bg = color.RGBA{}
	}
}

// TestBlocksGolden renders fixed pictures into fixed panes and compares
// the exact text with testdata (go test ./preview -update rewrites it).
func TestBlocksGolden(t *testing.T) {
	pics := map[string][]byte{
		"quadrants": encodePNG(t, quadrants(40, 20)),
		"gradient":  encodePNG(t, gradient(64, 48)),
		"alpha":     encodePNG(t, disc(24)),
	}
	for name, data := range pics {
		for _, box := range [][2]int{{20, 6}, {40, 12}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, box[0], box[1]), func(t *testing.T) {
				pic, err := Prepare(context.Background(), data, int64(len(data)), Target{Mode: Blocks, Cols: box[0], Rows: box[1]})
				if err != nil {
					t.Fatal(err)
				}
				if pic.Cols > box[0] || pic.Rows > box[1] || (pic.Cols != box[0] && pic.Rows != box[1]) {
					t.Fatalf("picture is %dx%d cells in a %dx%d box: it should fill one side", pic.Cols, pic.Rows, box[0], box[1])
				}
				for _, l := range pic.Lines {
					if w := ansi.StringWidth(l); w != pic.Cols {
						t.Fatalf("line is %d cells wide, want %d", w, pic.Cols)
					}
				}
				golden.Check(t, fmt.Sprintf("blocks_%s_%dx%d", name, box[0], box[1]), strings.Join(pic.Lines, "\n")+"\n")
			})
		}
	}
}

// TestBlocksColours checks the quadrants come back from the text with
// their colours, at full horizontal resolution.
func TestBlocksColours(t *testing.T) {
	data := encodePNG(t, quadrants(40, 20))
	pic, err := Prepare(context.Background(), data, int64(len(data)), Target{Mode: Blocks, Cols: 40, Rows: 10})
	if err != nil {
		t.Fatal(err)
	}
	if pic.Cols != 40 || pic.Rows != 10 {
		t.Fatalf("40x20 pixels took %dx%d cells, want 40x10", pic.Cols, pic.Rows)
	}
	img := decodeBlocks(t, pic.Lines)
	for _, p := range []image.Point{{5, 2}, {35, 2}, {5, 17}, {35, 17}, {19, 9}, {20, 10}} {
		if got, want := rgbaAt(img, p.X, p.Y), quadrantColour(p.X, p.Y, 40, 20); got != want {
			t.Errorf("pixel %v = %v, want %v", p, got, want)
		}
	}
}

// TestBlocksTransparency leaves transparent corners to the terminal.
func TestBlocksTransparency(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 24, 24))
	copyInto(img, disc(24))
	lines := RenderBlocks(img)
	if !strings.HasPrefix(lines[0], " ") && !strings.HasPrefix(lines[0], "\x1b[49m ") {
		t.Errorf("the transparent corner is painted: %q", lines[0][:20])
	}
	mid := lines[len(lines)/2]
	if !strings.Contains(mid, ";2;255;140;0m") {
		t.Errorf("the disc's middle has no colour: %q", mid)
	}
}

func copyInto(dst *image.RGBA, src image.Image) {
	for y := range dst.Rect.Dy() {
		for x := range dst.Rect.Dx() {
			dst.Set(x, y, src.At(x, y))
		}
	}
}

// gradient runs red to blue across and dark to light down.
func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8(64 + 191*y/h)
			img.SetRGBA(x, y, color.RGBA{uint8(255 * (w - x) / w * int(v) / 255), 40, uint8(255 * x / w * int(v) / 255), 255})
		}
	}
	return img
}

// disc is an orange disc on a transparent square.
func disc(n int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	r := float64(n) / 2
	for y := range n {
		for x := range n {
			dx, dy := float64(x)+0.5-r, float64(y)+0.5-r
			if dx*dx+dy*dy <= r*r {
				img.SetNRGBA(x, y, color.NRGBA{255, 140, 0, 255})
			}
		}
	}
	return img
}
