package clipboard

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// pngBytes is a tiny PNG-like payload; the clipboard does not look inside.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2, 0xff, '\n'}, 1000)...)

// offer makes xclip own the clipboard with data as type t (xclip stays
// behind to serve it until another owner comes or the display ends).
func offer(t *testing.T, typ string, data []byte) {
	t.Helper()
	args := []string{"-selection", "clipboard", "-i"}
	if typ != "" {
		args = append(args, "-t", typ)
	}
	cmd := exec.Command("xclip", args...)
	cmd.Stdin = bytes.NewReader(data) // no output pipes: the child xclip leaves would hold them open
	if err := cmd.Run(); err != nil {
		t.Fatalf("xclip -i: %v", err)
	}
}

func TestReadImageXvfb(t *testing.T) {
	requireTools(t, "Xvfb", "xclip")
	t.Setenv("DISPLAY", startXvfb(t))
	t.Setenv("WAYLAND_DISPLAY", "")
	ctx, d := context.Background(), Display{X11: true}

	_, err := ReadImage(ctx, d)
	if !errors.Is(err, ErrNoImage) || err.Error() != "no image in the clipboard (it is empty)" {
		t.Errorf("an empty clipboard = %v, want ErrNoImage (it is empty)", err)
	}
	offer(t, "", []byte("https://example.test/a.png"))
	_, err = ReadImage(ctx, d)
	if !errors.Is(err, ErrNoImage) || err.Error() != "no image in the clipboard (it holds text)" {
		t.Errorf("text in the clipboard = %v, want ErrNoImage (it holds text)", err)
	}
	offer(t, "image/png", pngBytes)
	img, err := ReadImage(ctx, d)
	if err != nil || img.Type != "image/png" || !bytes.Equal(img.Data, pngBytes) {
		t.Fatalf("ReadImage = %s %d bytes, %v; want the PNG offered", img.Type, len(img.Data), err)
	}
	offer(t, "image/jpeg", []byte("\xff\xd8\xff jpeg"))
	if img, err := ReadImage(ctx, d); err != nil || img.Type != "image/jpeg" {
		t.Errorf("a JPEG in the clipboard = %s, %v", img.Type, err)
	}
}

func TestReadImageNoDisplay(t *testing.T) {
	if !needsDisplay() {
		t.Skip("this system's clipboard needs no display")
	}
	_, err := ReadImage(context.Background(), Display{})
	if !errors.Is(err, ErrNoClipboard) || strings.Contains(err.Error(), "\n") {
		t.Errorf("ReadImage without a display = %v, want one-line ErrNoClipboard", err)
	}
}

func TestReadImageBadDisplay(t *testing.T) {
	requireTools(t, "xclip")
	t.Setenv("DISPLAY", ":987")
	t.Setenv("WAYLAND_DISPLAY", "")
	_, err := ReadImage(context.Background(), Display{X11: true})
	if !errors.Is(err, ErrNoClipboard) || !strings.Contains(err.Error(), ":987") {
		t.Errorf("ReadImage with a dead display = %v, want ErrNoClipboard naming the display", err)
	}
}

func TestParseAppleData(t *testing.T) {
	got, err := parseAppleData([]byte("«data PNGf89504E470D0A1A0A»\n"), "PNGf")
	if err != nil || !bytes.Equal(got, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("parseAppleData = %q, %v", got, err)
	}
	if _, err := parseAppleData([]byte("some text"), "PNGf"); !errors.Is(err, ErrNoImage) {
		t.Errorf("text = %v, want ErrNoImage", err)
	}
}
