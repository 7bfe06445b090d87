package clipboard

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testdisplay"
)

// pngBytes is a tiny PNG-like payload; the clipboard does not look inside.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2, 0xff, '\n'}, 1000)...)

func TestReadImageXvfb(t *testing.T) {
	testdisplay.Need(t, "Xvfb", "xclip")
	env := []string{"DISPLAY=" + testdisplay.X11(t), "WAYLAND_DISPLAY="}
	setEnv(t, env)
	ctx, d := context.Background(), Display{X11: true}

	_, err := ReadImage(ctx, d)
	if !errors.Is(err, ErrNoImage) || err.Error() != "no image in the clipboard (it is empty)" {
		t.Errorf("an empty clipboard = %v, want ErrNoImage (it is empty)", err)
	}
	testdisplay.Offer(t, env, "UTF8_STRING", []byte("https://example.test/a.png"))
	_, err = ReadImage(ctx, d)
	if !errors.Is(err, ErrNoImage) || err.Error() != "no image in the clipboard (it holds text)" {
		t.Errorf("text in the clipboard = %v, want ErrNoImage (it holds text)", err)
	}
	testdisplay.Offer(t, env, "image/png", pngBytes)
	img, err := ReadImage(ctx, d)
	if err != nil || img.Type != "image/png" || !bytes.Equal(img.Data, pngBytes) {
		t.Fatalf("ReadImage = %s %d bytes, %v; want the PNG offered", img.Type, len(img.Data), err)
	}
	testdisplay.Offer(t, env, "image/jpeg", []byte("\xff\xd8\xff jpeg"))
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
	testdisplay.Need(t, "xclip")
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

// TestReadImageWayland: under a Wayland compositor (and no X server) the
// clipboard is read with wl-paste: nothing, text, then a PNG wl-copy
// offers, byte for byte.
func TestReadImageWayland(t *testing.T) {
	testdisplay.Need(t, "wl-copy", "wl-paste")
	env := testdisplay.Wayland(t)
	setEnv(t, env)
	ctx, d := context.Background(), Display{Wayland: true}

	if _, err := ReadImage(ctx, d); !errors.Is(err, ErrNoImage) {
		t.Errorf("an empty clipboard = %v, want ErrNoImage", err)
	}
	testdisplay.Offer(t, env, "text/plain", []byte("https://example.test/a.png"))
	if _, err := ReadImage(ctx, d); !errors.Is(err, ErrNoImage) || err.Error() != "no image in the clipboard (it holds text)" {
		t.Errorf("text in the clipboard = %v, want ErrNoImage (it holds text)", err)
	}
	testdisplay.Offer(t, env, "image/png", pngBytes)
	img, err := ReadImage(ctx, d)
	if err != nil || img.Type != "image/png" || !bytes.Equal(img.Data, pngBytes) {
		t.Fatalf("ReadImage = %s %d bytes, %v; want the PNG offered", img.Type, len(img.Data), err)
	}
}
