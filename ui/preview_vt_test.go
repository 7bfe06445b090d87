package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/sixel"
	"github.com/charmbracelet/x/vt"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/preview"
)

// quadrants is a w x h picture: red, green over blue, white.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, quadrantColour(x, y, w, h))
		}
	}
	return img
}

func quadrantColour(x, y, w, h int) color.RGBA {
	cols := [4]color.RGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}}
	return cols[2*(2*y/h)+2*x/w]
}

func pngOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// vtRun is a real tea.Program drawing into a Go terminal emulator, with
// the emulator's graphics escapes captured where they land.
type vtRun struct {
	t      *testing.T
	emu    *vt.SafeEmulator
	prog   *tea.Program
	mu     sync.Mutex
	sixels []captured // DCS q: sixel images
	kitty  []captured // APC G: kitty graphics
	erased []uv.Position
}

// captured is one graphics escape and the cursor cell it was written at.
type captured struct {
	at   uv.Position
	data []byte
}

// crlf turns the program's \n into \r\n, as a terminal's line discipline does.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// startVT runs the UI for d in a w x h emulator.
func startVT(t *testing.T, d Deps, w, h int) *vtRun {
	t.Helper()
	r := &vtRun{t: t, emu: vt.NewSafeEmulator(w, h)}
	e := r.emu.Emulator // handlers run inside the emulator's own (locked) Write
	e.RegisterDcsHandler('q', func(_ ansi.Params, data []byte) bool {
		r.record(&r.sixels, e.CursorPosition(), data)
		return true
	})
	e.RegisterApcHandler(func(data []byte) bool {
		if bytes.HasPrefix(data, []byte("G")) {
			r.record(&r.kitty, e.CursorPosition(), data)
		}
		return true
	})
	e.RegisterCsiHandler('X', func(ansi.Params) bool { // ECH: note where pictures are erased
		r.mu.Lock()
		r.erased = append(r.erased, e.CursorPosition())
		r.mu.Unlock()
		return false // and let the emulator erase
	})
	m := newModel(d)
	m.c.loc = time.UTC
	ctx, cancel := context.WithCancel(context.Background())
	r.prog = tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(r.emu), tea.WithOutput(crlf{r.emu}),
		tea.WithWindowSize(w, h), tea.WithoutSignals())
	done := make(chan struct{})
	go func() { r.prog.Run(); close(done) }() //nolint:errcheck // killed at cleanup
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
		r.emu.Close()
	})
	return r
}

func (r *vtRun) record(to *[]captured, at uv.Position, data []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*to = append(*to, captured{at: at, data: append([]byte(nil), data...)})
}

// captures returns a copy of what the handlers recorded so far. It takes
// r.mu alone: the handlers take it inside the emulator's lock, so holding
// r.mu while asking the emulator for anything would deadlock the two.
func (r *vtRun) captures() (sixels, kitty []captured, erased []uv.Position) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]captured(nil), r.sixels...), append([]captured(nil), r.kitty...), append([]uv.Position(nil), r.erased...)
}

// waitFor polls until ok holds (a hang guard, not a timed assertion). ok
// runs with no lock held: it reads the screen or r.captures.
func (r *vtRun) waitFor(what string, ok func() bool) {
	r.t.Helper()
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if ok() {
			return
		}
	}
	r.t.Fatalf("never saw %s; screen:\n%s", what, ansi.Strip(r.emu.Render()))
}

// screenHas reports whether the emulator shows text.
func (r *vtRun) screenHas(text string) bool {
	return strings.Contains(ansi.Strip(r.emu.Render()), text)
}

// previewDeps is a UI over a real (signature-checking) S3 server holding
// pics/q.png, a 400x200 quadrants picture, drawn in mode.
func previewDeps(t *testing.T, mode preview.Mode) Deps {
	t.Helper()
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "pics")
	srv.Put(t, "pics", "q.png", pngOf(t, quadrants(400, 200)))
	srv.Put(t, "pics", "z-notes.txt", []byte("not a picture"))
	b := srv.Browser(t)
	return Deps{Browser: b, Reader: b, Preview: mode, Getenv: func(string) string { return "" }, Now: func() time.Time { return fixedNow }}
}

// TestSixelInTerminal runs the UI in an emulator with sixel forced, opens
// the bucket, rests on q.png, and decodes the sixel the program wrote:
// the quadrants' colours are back, written at the pane's box, whose cells
// the frame keeps blank. Leaving for the history erases the box.
func TestSixelInTerminal(t *testing.T) {
	r := startVT(t, previewDeps(t, preview.Sixel), 120, 40)
	r.waitFor("the bucket", func() bool { return r.screenHas("pics") })
	r.emu.SendKey(uv.KeyPressEvent{Code: uv.KeyEnter})
	r.waitFor("a sixel image", func() bool { sixels, _, _ := r.captures(); return len(sixels) > 0 })

	r.mu.Lock()
	got := r.sixels[len(r.sixels)-1]
	r.mu.Unlock()
	// 120 columns: a 48-column pane, its box from column 74 on the row
	// under the title. The emulator reports no cell size: sixel assumes
	// xterm's 6x13, so the 46x33-cell box is 276x426 pixels and the 2:1
	// picture is 276x138, 46x11 cells.
	if got.at != (uv.Position{X: 74, Y: 1}) {
		t.Fatalf("sixel written at %+v, want the box's corner (74,1)", got.at)
	}
	img, err := (&sixel.Decoder{}).Decode(bytes.NewReader(bytes.TrimPrefix(got.data, []byte(";1q"))))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []image.Point{{30, 20}, {240, 20}, {30, 110}, {240, 110}, {130, 60}, {146, 78}} {
		if c, want := rgba(img.At(p.X, p.Y)), quadrantColour(p.X, p.Y, 276, 138); !closeTo(c, want, 3) {
			t.Errorf("sixel pixel %v = %v, want %v", p, c, want)
		}
	}
	for y := 1; y < 12; y++ {
		for x := 74; x < 120; x++ {
			if c := r.emu.CellAt(x, y); c == nil || strings.TrimSpace(c.Content) != "" {
				t.Fatalf("cell (%d,%d) under the sixel holds %q: the frame must keep it blank; screen:\n%s", x, y, c.Content, ansi.Strip(r.emu.Render()))
			}
		}
	}
	r.waitFor("the facts under the box", func() bool { return r.screenHas("PNG 400×200") })

	r.emu.SendText("H") // the history covers the pane: the picture must go
	r.waitFor("the box erased", func() bool {
		rows := map[int]bool{}
		_, _, erased := r.captures()
		for _, p := range erased {
			if p.X == 74 {
				rows[p.Y] = true
			}
		}
		return len(rows) >= 11
	})
}

// TestKittyInTerminal forces kitty: the image goes out as a chunked
// transmission with a virtual placement, and the pane's cells hold Unicode
// placeholders whose colour is the image id.
func TestKittyInTerminal(t *testing.T) {
	r := startVT(t, previewDeps(t, preview.Kitty), 120, 40)
	r.waitFor("the bucket", func() bool { return r.screenHas("pics") })
	r.emu.SendKey(uv.KeyPressEvent{Code: uv.KeyEnter})
	r.waitFor("a complete kitty transmission", func() bool {
		_, kitty, _ := r.captures()
		n := len(kitty)
		return n > 0 && bytes.Contains(kitty[n-1].data, []byte("m=0;"))
	})
	r.mu.Lock()
	chunks := r.kitty
	r.mu.Unlock()
	head, _, _ := bytes.Cut(chunks[0].data, []byte(";"))
	if !bytes.HasPrefix(head, []byte("Ga=T,U=1,f=100,t=d,q=2,i=")) {
		t.Fatalf("first chunk %q: want a transmission with a virtual placement", head)
	}
	var b64 []byte
	for _, c := range chunks {
		_, payload, _ := bytes.Cut(c.data, []byte(";"))
		b64 = append(b64, payload...)
	}
	raw, err := base64.StdEncoding.DecodeString(string(b64))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	// Kitty gets 10x20 cells unless told: the 46x33 box is 460x660 pixels,
	// the picture 460x230, 46x12 cells.
	if b := img.Bounds(); b.Dx() != 460 || b.Dy() != 230 {
		t.Fatalf("transmitted %v, want 460x230", b)
	}
	for _, p := range []image.Point{{50, 30}, {400, 30}, {50, 200}, {400, 200}} {
		if c, want := rgba(img.At(p.X, p.Y)), quadrantColour(p.X, p.Y, 460, 230); !closeTo(c, want, 3) {
			t.Errorf("kitty pixel %v = %v, want %v", p, c, want)
		}
	}
	id := idFromHead(t, head)
	idColour := color.RGBA{uint8(id >> 16), uint8(id >> 8), uint8(id), 255}
	r.waitFor("placeholders in the pane, in the image's colour", func() bool {
		c := r.emu.CellAt(74, 1)
		return c != nil && strings.HasPrefix(c.Content, "\U0010EEEE") && rgba(c.Style.Fg) == idColour
	})
	for y := 1; y <= 12; y++ {
		for x := 74; x < 120; x++ {
			c := r.emu.CellAt(x, y)
			if !strings.HasPrefix(c.Content, string(rune(0x10EEEE))) {
				t.Fatalf("cell (%d,%d) = %q, want a placeholder", x, y, c.Content)
			}
			if fg := rgba(c.Style.Fg); fg != idColour {
				t.Fatalf("cell (%d,%d) colour %v does not name image %d", x, y, fg, id)
			}
		}
	}
	if c := r.emu.CellAt(74, 13); strings.HasPrefix(c.Content, "\U0010EEEE") {
		t.Fatal("placeholders run past the picture's 12 rows")
	}
}

func idFromHead(t *testing.T, head []byte) int {
	t.Helper()
	for _, kv := range strings.Split(string(head), ",") {
		if v, ok := strings.CutPrefix(kv, "i="); ok {
			n := 0
			for _, d := range v {
				n = n*10 + int(d-'0')
			}
			return n
		}
	}
	t.Fatalf("no id in %q", head)
	return 0
}

func rgba(c color.Color) color.RGBA {
	if c == nil {
		return color.RGBA{}
	}
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func closeTo(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }
