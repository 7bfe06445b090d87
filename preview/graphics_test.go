package preview

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi/sixel"
)

func TestSixelRoundTrip(t *testing.T) {
	data := encodePNG(t, quadrants(40, 20))
	pic, err := Prepare(context.Background(), data, int64(len(data)), Target{Mode: Sixel, Cols: 20, Rows: 6, Cell: CellSize{6, 13}})
	if err != nil {
		t.Fatal(err)
	}
	// 20x6 cells of 6x13 is 120x78 pixels: 78 rounds down to 78 (13 bands of 6);
	// the 2:1 picture fits as 120x60.
	if pic.Cols != 20 || pic.Rows != 5 {
		t.Fatalf("cells %dx%d, want 20x5", pic.Cols, pic.Rows)
	}
	body := strings.TrimSuffix(strings.TrimPrefix(pic.Seq, "\x1bP;1q"), "\x1b\\")
	img, err := (&sixel.Decoder{}).Decode(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []image.Point{{15, 7}, {105, 7}, {15, 52}, {105, 52}} {
		if got, want := rgbaAt(img, p.X, p.Y), quadrantColour(p.X, p.Y, 120, 60); !near(got, want, 3) {
			t.Errorf("sixel pixel %v = %v, want %v", p, got, want)
		}
	}
}

func TestKittyTransmitAndPlaceholders(t *testing.T) {
	data := encodePNG(t, quadrants(400, 200))
	pic, err := Prepare(context.Background(), data, int64(len(data)), Target{Mode: Kitty, Cols: 30, Rows: 10, Cell: CellSize{10, 20}, KittyID: 0x123456})
	if err != nil {
		t.Fatal(err)
	}
	chunks := strings.Split(strings.TrimSuffix(pic.Seq, "\x1b\\"), "\x1b\\")
	if !strings.HasPrefix(chunks[0], "\x1b_Ga=T,U=1,f=100,t=d,q=2,i=1193046,c=30,r=8,m=") {
		t.Fatalf("first chunk opens %q", chunks[0][:60])
	}
	var b64 strings.Builder
	for i, c := range chunks {
		head, payload, _ := strings.Cut(strings.TrimPrefix(c, "\x1b_G"), ";")
		last := i == len(chunks)-1
		if strings.HasSuffix(head, "m=1") == last || len(payload) > kittyChunk {
			t.Fatalf("chunk %d of %d: %q with %d bytes", i, len(chunks), head, len(payload))
		}
		b64.WriteString(payload)
	}
	raw, err := base64.StdEncoding.DecodeString(b64.String())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 300 || b.Dy() != 150 {
		t.Fatalf("sent %v, want 300x150", b)
	}
	if len(pic.Lines) != 8 || !strings.HasPrefix(pic.Lines[0], "\x1b[38;2;18;52;86m\U0010EEEE\u0305\u0305") {
		t.Fatalf("placeholders: %d lines, first %q", len(pic.Lines), pic.Lines[0][:30])
	}
}

func TestEraseAndAt(t *testing.T) {
	if got := At(4, 2, "X"); got != "\x1b7\x1b[3;5HX\x1b8" {
		t.Errorf("At = %q", got)
	}
	if got := Erase(4, 2, 10, 2); got != "\x1b7\x1b[3;5H\x1b[10X\x1b[4;5H\x1b[10X\x1b8" {
		t.Errorf("Erase = %q", got)
	}
	if got := Passthrough("\x1b_Ga=d\x1b\\", true); got != "\x1bPtmux;\x1b\x1b_Ga=d\x1b\x1b\\\x1b\\" {
		t.Errorf("Passthrough = %q", got)
	}
}

func TestITermImage(t *testing.T) {
	data := encodePNG(t, quadrants(400, 200))
	pic, err := Prepare(context.Background(), data, int64(len(data)), Target{Mode: ITerm, Cols: 30, Rows: 10, Cell: CellSize{10, 20}})
	if err != nil {
		t.Fatal(err)
	}
	head, payload, ok := strings.Cut(strings.TrimSuffix(pic.Seq, "\x07"), ":")
	if !ok || !strings.HasPrefix(head, "\x1b]1337;File=") || !strings.Contains(head, "width=30;height=8;inline=1;doNotMoveCursor=1") {
		t.Fatalf("iTerm2 header %q", head)
	}
	raw, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 300 || b.Dy() != 150 || rgbaAt(img, 10, 10) != quadrantColour(0, 0, 2, 2) {
		t.Fatalf("iTerm2 picture %v, top left %v", b, rgbaAt(img, 10, 10))
	}
}
