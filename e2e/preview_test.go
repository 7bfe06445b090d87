package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/s3share/s3share/demo"
	"github.com/s3share/s3share/internal/testsrv"
)

// previewTools are what the xterm preview test needs beyond Xvfb, with
// their Debian packages (xfonts-base gives xterm its default font).
var previewTools = map[string]string{"xterm": "xterm", "import": "imagemagick", "xdotool": "xdotool"}

// needPreviewTools skips the test when one is missing, or fails it under CI=true.
func needPreviewTools(t *testing.T) {
	t.Helper()
	var missing, pkgs []string
	for bin, pkg := range previewTools {
		if _, err := exec.LookPath(bin); err != nil {
			missing, pkgs = append(missing, bin), append(pkgs, pkg)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("the preview e2e needs %s: apt-get install %s xfonts-base", strings.Join(missing, ", "), strings.Join(pkgs, " "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// xterm is the real binary in a real xterm (VT340 mode: sixel) on a
// private X display, driven with xdotool and seen through screenshots.
type xterm struct {
	t       *testing.T
	display *Display
	dir     string
	exited  func() string // why xterm is gone, or ""
}

// startXterm runs args in xterm -ti vt340 at cols x rows on d.
func startXterm(t *testing.T, d *Display, cols, rows int, args ...string) *xterm {
	t.Helper()
	x := &xterm{t: t, display: d, dir: t.TempDir()}
	xargs := append([]string{"-ti", "vt340", "-geometry", fmt.Sprintf("%dx%d+0+0", cols, rows), "-e"}, args...)
	cmd := exec.Command("xterm", xargs...)
	cmd.Env = append(os.Environ(), "DISPLAY="+d.Name, "HOME="+x.dir, "LANG=C.UTF-8")
	cmd.Dir = x.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start xterm: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	x.exited = func() string {
		select {
		case err := <-exited:
			exited <- err
			return fmt.Sprintf("xterm exited (%v): %s", err, strings.TrimSpace(out.String()))
		default:
			return ""
		}
	}
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	x.run("xdotool", "mousemove", "200", "200") // keyboard focus follows the pointer: no window manager
	return x
}

// run runs a command on the display and fails the test on error.
func (x *xterm) run(name string, args ...string) []byte {
	x.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+x.display.Name)
	out, err := cmd.CombinedOutput()
	if err != nil {
		x.t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// key presses X key names, e.g. "Return", "G", "Escape".
func (x *xterm) key(keys ...string) {
	x.run("xdotool", append([]string{"key", "--delay", "50"}, keys...)...)
}

// shot takes a screenshot of the whole display.
func (x *xterm) shot(name string) image.Image {
	x.t.Helper()
	path := filepath.Join(x.dir, name+".png")
	x.run("import", "-window", "root", path)
	f, err := os.Open(path)
	if err != nil {
		x.t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		x.t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// waitShot takes screenshots until ok accepts one.
func (x *xterm) waitShot(what string, ok func(image.Image) bool) image.Image {
	x.t.Helper()
	var img image.Image
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if img = x.shot("screen"); ok(img) {
			return img
		}
	}
	keep := filepath.Join(os.TempDir(), "s3share-e2e-"+strings.ReplaceAll(x.t.Name(), "/", "_")+".png")
	saveShot(keep, img)
	x.t.Fatalf("the screen never showed %s (last screenshot: %s) %s", what, keep, x.exited())
	return nil
}

// untilShot does act, then waits a while for a screenshot ok accepts, and
// does act again until one does (act must be harmless on the screen it
// means to leave).
func (x *xterm) untilShot(what string, act func(), ok func(image.Image) bool) {
	x.t.Helper()
	var img image.Image
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); {
		act()
		for try := time.Now().Add(3 * time.Second); time.Now().Before(try); time.Sleep(200 * time.Millisecond) {
			if img = x.shot("screen"); ok(img) {
				return
			}
		}
	}
	keep := filepath.Join(os.TempDir(), "s3share-e2e-"+strings.ReplaceAll(x.t.Name(), "/", "_")+".png")
	saveShot(keep, img)
	x.t.Fatalf("the screen never showed %s (last screenshot: %s) %s", what, keep, x.exited())
}

func saveShot(path string, img image.Image) {
	if f, err := os.Create(path); err == nil {
		png.Encode(f, img) //nolint:errcheck // best effort, for the failure message
		f.Close()
	}
}

// darkIn counts the dark pixels of r (text, the cursor's bar).
func darkIn(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := rgbaOf(img.At(x, y)); int(c.R)+int(c.G)+int(c.B) < 200 {
				n++
			}
		}
	}
	return n
}

// windowUp reports whether xterm's window is on the screen: its white
// background fills most of it. Before it maps, the root window is black,
// which every "dark pixels" check would take for the UI.
func windowUp(img image.Image) bool {
	light := 0
	for y := 40; y < 500; y += 4 {
		for x := 10; x < 700; x += 4 {
			if c := rgbaOf(img.At(x, y)); int(c.R)+int(c.G)+int(c.B) > 600 {
				light++
			}
		}
	}
	return light > 115*172/3 // a third of the samples
}

// separatorAt reports a vertical line (the pane's separator) in a column
// between x0 and x1, down most of the window.
func separatorAt(img image.Image, x0, x1 int) bool {
	for x := x0; x <= x1; x++ {
		n := 0
		for y := 30; y < 480; y++ {
			if c := rgbaOf(img.At(x, y)); c.R < 180 && c.R == c.G {
				n++
			}
		}
		if n > 400 {
			return true
		}
	}
	return false
}

// box is where exactly colour c covers the screenshot: its bounding box
// and how many pixels have it.
func box(img image.Image, c color.RGBA) (image.Rectangle, int) {
	var r image.Rectangle
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if rgbaOf(img.At(x, y)) == c {
				if n == 0 {
					r = image.Rect(x, y, x+1, y+1)
				}
				r = r.Union(image.Rect(x, y, x+1, y+1))
				n++
			}
		}
	}
	return r, n
}

func rgbaOf(c color.Color) color.RGBA {
	r, g, b, _ := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
}

// testCardShown finds the demo's test card in a screenshot: solid red,
// green, blue and white quadrants of the same size, in their places, in
// the right part of the window where the pane is. It returns the red
// quadrant's box, or an empty one.
func testCardShown(img image.Image, paneLeft int) image.Rectangle {
	c := demo.TestCardColours
	red, nr := box(img, c[0])
	green, ng := box(img, c[1])
	blue, nb := box(img, c[2])
	if nr < 400 || red.Min.X < paneLeft || nr < red.Dx()*red.Dy()*9/10 {
		return image.Rectangle{} // no solid red block in the pane
	}
	w, h := red.Dx(), red.Dy()
	near := func(a, b int) bool { return a-b <= 2 && b-a <= 2 }
	ok := ng >= nr*9/10 && nb >= nr*9/10 &&
		near(green.Min.X, red.Max.X) && near(green.Min.Y, red.Min.Y) && near(green.Dx(), w) &&
		near(blue.Min.X, red.Min.X) && near(blue.Min.Y, red.Max.Y) && near(blue.Dy(), h) &&
		rgbaOf(img.At(red.Max.X+w/2, red.Max.Y+h/2)) == c[3] && near(w, 2*h)
	if !ok {
		return image.Rectangle{}
	}
	return red
}

// TestPreviewSixelInXterm opens the demo in xterm -ti vt340 under Xvfb,
// rests on the test card and finds its four colours, as sixel, where the
// pane is. The history screen covers the pane: the picture goes; back on
// the list it comes back.
func TestPreviewSixelInXterm(t *testing.T) {
	needPreviewTools(t)
	d := StartDisplay(t)
	history := filepath.Join(t.TempDir(), "history.db")
	x := startXterm(t, d, 120, 40, Binary(t), "demo", "--history", history)
	// xterm's default font is 6x13 with a 2-pixel border: the pane of a
	// 120-column window starts at column 72, x = 2 + 72*6.
	paneLeft := 2 + 72*6
	// Keys go only once the screen they are meant for is up: the cursor's
	// dark bar on the first bucket, then the pane's separator line.
	x.waitShot("the bucket list", func(img image.Image) bool {
		return windowUp(img) && darkIn(img, image.Rect(2, 2+13, 700, 2+26)) > 2000
	})
	// Return opens demo-photos; pressed again only while the buckets still show.
	x.untilShot("the objects screen with its pane", func() { x.key("Return") }, func(img image.Image) bool {
		return windowUp(img) && separatorAt(img, paneLeft, paneLeft+6)
	})
	x.waitShot("the listing", func(img image.Image) bool {
		return windowUp(img) && darkIn(img, image.Rect(2, 2+26, 400, 2+39)) > 1000
	})
	x.key("G") // the last image: test-card.png
	img := x.waitShot("the test card in the pane", func(img image.Image) bool { return !testCardShown(img, paneLeft).Empty() })
	red := testCardShown(img, paneLeft)
	// 46x33 cells of 6x13 for the box: the 2:1 card is 276x138 pixels.
	if red.Dx() < 130 || red.Dx() > 140 || red.Dy() < 65 || red.Dy() > 70 {
		t.Errorf("red quadrant %v: want about 138x69 pixels", red)
	}

	x.key("H") // the history covers the pane
	x.waitShot("the picture erased under the history", func(img image.Image) bool {
		_, n := box(img, demo.TestCardColours[0])
		return windowUp(img) && n == 0
	})
	x.key("Escape")
	x.waitShot("the test card back in the pane", func(img image.Image) bool { return !testCardShown(img, paneLeft).Empty() })
	x.key("q")
}

// TestPreviewBlocksInTmux opens the demo in tmux, which shows no sixel:
// detection falls back to blocks, and the test card's colours are in the
// pane's cells.
func TestPreviewBlocksInTmux(t *testing.T) {
	history := filepath.Join(t.TempDir(), "history.db")
	cmdline := strings.Join([]string{Binary(t), "demo", "--history", history}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 120, Height: 40, Env: []string{"COLORTERM=truecolor"}})
	term.WaitFor("demo-photos", 15*time.Second)
	term.SendKeys("Enter")
	term.WaitFor("test-card.png", 10*time.Second)
	term.SendKeys("G")
	term.WaitFor("PNG 480×240", 10*time.Second)
	screen := term.tmux("capture-pane", "-p", "-e", "-t", term.session)
	cells := cellColours(screen, 120)
	// The pane's box starts at column 74, row 1; the 480x240 card in
	// blocks is 46 columns by 12 rows (two pixels a cell).
	for i, at := range []image.Point{{74 + 11, 1 + 3}, {74 + 34, 1 + 3}, {74 + 11, 1 + 9}, {74 + 34, 1 + 9}} {
		if got, want := cells[at], demo.TestCardColours[i]; hue(got) != hue(want) {
			t.Errorf("cell %v shows %v (%s), want the test card's %v (%s); row:\n%q", at, got, hue(got), want, hue(want), strings.Split(screen, "\n")[at.Y])
		}
	}
	term.SendKeys("q")
}

// cellColours reads capture-pane -e output of a pane width cells wide into
// each cell's background colour (24-bit, 256 or 16 colours: whatever tmux
// passes on).
func cellColours(screen string, width int) map[image.Point]color.RGBA {
	out := map[image.Point]color.RGBA{}
	for y, line := range strings.Split(screen, "\n") {
		var bg color.RGBA
		p := ansi.NewParser()
		var state byte
		x := 0
		for len(line) > 0 {
			seq, width, n, next := ansi.DecodeSequence(line, state, p)
			state, line = next, line[n:]
			if width == 0 {
				bg = applyBackground(ansi.Cmd(p.Command()), p.Params(), bg)
				continue
			}
			if seq == " " || seq == "▀" || seq == "▄" {
				out[image.Point{x, y}] = bg
			}
			x += width
		}
		// The renderer clears the rest of a line with its colour set
		// (back colour erase); capture-pane leaves those cells out.
		for ; x < width && bg.A != 0; x++ {
			out[image.Point{x, y}] = bg
		}
	}
	return out
}

// hue names a colour roughly, so 24-bit, 256 and 16-colour renderings of
// the same picture compare equal.
func hue(c color.RGBA) string {
	switch hi := func(v uint8) bool { return v >= 150 }; {
	case c.A == 0:
		return "default"
	case hi(c.R) && hi(c.G) && hi(c.B):
		return "white"
	case hi(c.R) && !hi(c.G) && !hi(c.B):
		return "red"
	case !hi(c.R) && hi(c.G) && !hi(c.B):
		return "green"
	case !hi(c.R) && !hi(c.G) && c.B >= 150:
		return "blue"
	}
	return fmt.Sprintf("other %v", c)
}

// xterm256 is the colour of xterm's palette entry n.
func xterm256(n int) color.RGBA {
	base := []color.RGBA{{0, 0, 0, 255}, {205, 0, 0, 255}, {0, 205, 0, 255}, {205, 205, 0, 255}, {0, 0, 238, 255}, {205, 0, 205, 255}, {0, 205, 205, 255}, {229, 229, 229, 255},
		{127, 127, 127, 255}, {255, 0, 0, 255}, {0, 255, 0, 255}, {255, 255, 0, 255}, {92, 92, 255, 255}, {255, 0, 255, 255}, {0, 255, 255, 255}, {255, 255, 255, 255}}
	switch {
	case n < 16:
		return base[n]
	case n < 232:
		lv := []uint8{0, 95, 135, 175, 215, 255}
		n -= 16
		return color.RGBA{lv[n/36], lv[n/6%6], lv[n%6], 255}
	}
	g := uint8(8 + 10*(n-232))
	return color.RGBA{g, g, g, 255}
}

// applyBackground follows SGR background changes.
func applyBackground(cmd ansi.Cmd, params ansi.Params, bg color.RGBA) color.RGBA {
	if cmd.Final() != 'm' {
		return bg
	}
	ps := make([]int, len(params))
	for i := range params {
		ps[i] = params[i].Param(0)
	}
	for i := 0; i < len(ps); i++ {
		switch {
		case ps[i] == 0 || ps[i] == 49:
			bg = color.RGBA{}
		case ps[i] == 48 && i+4 < len(ps) && ps[i+1] == 2:
			bg = color.RGBA{uint8(ps[i+2]), uint8(ps[i+3]), uint8(ps[i+4]), 255}
			i += 4
		case (ps[i] == 38 || ps[i] == 48) && i+1 < len(ps) && ps[i+1] == 2:
			i += 4
		case ps[i] == 48 && i+2 < len(ps) && ps[i+1] == 5:
			bg = xterm256(ps[i+2])
			i += 2
		case ps[i] == 38 && i+1 < len(ps) && ps[i+1] == 5:
			i += 2
		case ps[i] >= 40 && ps[i] <= 47:
			bg = xterm256(ps[i] - 40)
		case ps[i] >= 100 && ps[i] <= 107:
			bg = xterm256(ps[i] - 100 + 8)
		}
	}
	return bg
}

// TestPreviewCommandInXterm runs s3share preview in xterm -ti vt340 with
// the mode left to detection: the terminal answers DA1 with sixel, and the
// card's colours come out on the screen.
func TestPreviewCommandInXterm(t *testing.T) {
	needPreviewTools(t)
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "cards")
	card := demoCard(t)
	srv.Put(t, "cards", "card.png", card)
	d := StartDisplay(t)
	script := filepath.Join(t.TempDir(), "run.sh")
	body := fmt.Sprintf("#!/bin/sh\nexport %s\n%s --endpoint-url %s --path-style preview s3://cards/card.png --width 60\nsleep 60\n",
		strings.Join(srv.Env(), " "), Binary(t), srv.Endpoint)
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	x := startXterm(t, d, 100, 40, script)
	img := x.waitShot("the card drawn by s3share preview", func(img image.Image) bool { return !testCardShown(img, 0).Empty() })
	// 60 columns of 6 pixels: the card is 360x180, its red quadrant 180x90.
	if red := testCardShown(img, 0); red.Dx() < 175 || red.Dx() > 182 {
		t.Errorf("red quadrant %v: want about 180 pixels wide", red)
	}
}

// demoCard is the demo's test card, as seeded.
func demoCard(t *testing.T) []byte {
	t.Helper()
	objs, err := demo.SeedObjects()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Key == demo.TestCardKey {
			return o.Body
		}
	}
	t.Fatal("the demo has no test card")
	return nil
}
