package clipboard

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strings"
)

// ErrNoImage is wrapped when the clipboard holds no image.
var ErrNoImage = errors.New("no image in the clipboard")

// maxImage is the largest clipboard image read (a screenshot of a few
// 8K screens).
const maxImage = 256 << 20

// imageTypes are the image types taken from a clipboard, best first.
var imageTypes = []string{"image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp"}

// Image is an image read from the clipboard.
type Image struct {
	Data []byte
	Type string // its media type as the clipboard offered it, like "image/png"
}

// ReadImage returns the image on the system clipboard: its PNG (as
// screenshot tools put it), else another image type it offers. It asks
// wl-paste under Wayland, xclip under X11 and osascript on macOS. A
// clipboard without an image (text, or nothing) gives an error wrapping
// ErrNoImage; no display or no tool, one wrapping ErrNoClipboard.
func ReadImage(ctx context.Context, d Display) (Image, error) {
	if runtime.GOOS == "darwin" {
		return readMac(ctx)
	}
	if !needsDisplay() {
		return Image{}, fmt.Errorf("%w: reading an image from the clipboard is not supported on %s", ErrNoClipboard, runtime.GOOS)
	}
	if !d.X11 && !d.Wayland {
		return Image{}, fmt.Errorf("%w: no DISPLAY or WAYLAND_DISPLAY (over SSH?)", ErrNoClipboard)
	}
	tool, err := pasteTool(d)
	if err != nil {
		return Image{}, err
	}
	types, err := tool.types(ctx)
	if err != nil {
		return Image{}, err
	}
	for _, t := range imageTypes {
		if slices.Contains(types, t) {
			data, err := run(ctx, tool.read(t))
			if err != nil {
				return Image{}, fmt.Errorf("%w: %s could not read the %s in the clipboard (%s)", ErrNoClipboard, tool.name, t, err)
			}
			return checkImage(Image{Data: data, Type: t})
		}
	}
	return Image{}, noImage(types)
}

// paster is a clipboard tool that lists the clipboard's types and reads one.
type paster struct {
	name  string
	list  []string                // the command that lists the types offered
	read  func(t string) []string // the command that prints the clipboard as type t
	empty []string                // what the tool says when the clipboard is empty
}

// pasteTool is wl-paste under Wayland, else xclip.
func pasteTool(d Display) (paster, error) {
	if d.Wayland {
		if _, err := exec.LookPath("wl-paste"); err == nil {
			return paster{name: "wl-paste", list: []string{"wl-paste", "--list-types"},
				read: func(t string) []string { return []string{"wl-paste", "--no-newline", "--type", t} },
				// wl-clipboard 2.1 and later say "No selection", older ones "Nothing is copied".
				empty: []string{"No selection", "Nothing is copied"}}, nil
		}
	}
	if d.X11 {
		if _, err := exec.LookPath("xclip"); err == nil {
			return paster{name: "xclip", list: []string{"xclip", "-selection", "clipboard", "-t", "TARGETS", "-o"},
				read:  func(t string) []string { return []string{"xclip", "-selection", "clipboard", "-t", t, "-o"} },
				empty: []string{"target TARGETS not available"}}, nil
		}
	}
	return paster{}, fmt.Errorf("%w: reading an image needs xclip (X11) or wl-clipboard (Wayland)", ErrNoClipboard)
}

// types lists the types the clipboard offers; an empty clipboard offers
// none.
func (p paster) types(ctx context.Context) ([]string, error) {
	out, err := run(ctx, p.list)
	if err != nil && slices.ContainsFunc(p.empty, func(said string) bool { return strings.Contains(err.Error(), said) }) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s could not read the clipboard (%s): check DISPLAY/WAYLAND_DISPLAY", ErrNoClipboard, p.name, err)
	}
	return strings.Fields(string(out)), nil
}

// noImage is the error for a clipboard offering types, none an image.
func noImage(types []string) error {
	for _, t := range types {
		if strings.HasPrefix(t, "text/") || t == "UTF8_STRING" || t == "STRING" {
			return fmt.Errorf("%w (it holds text)", ErrNoImage)
		}
	}
	if len(types) == 0 {
		return fmt.Errorf("%w (it is empty)", ErrNoImage)
	}
	return ErrNoImage
}

// checkImage refuses an empty or oversized read.
func checkImage(img Image) (Image, error) {
	switch {
	case len(img.Data) == 0:
		return Image{}, fmt.Errorf("%w (its %s is empty)", ErrNoImage, img.Type)
	case len(img.Data) > maxImage:
		return Image{}, fmt.Errorf("the image in the clipboard is over %d MiB", maxImage>>20)
	}
	return img, nil
}

// readMac reads the clipboard's PNG through AppleScript, which prints it
// as «data PNGf89504E47…».
func readMac(ctx context.Context) (Image, error) {
	out, err := run(ctx, []string{"osascript", "-e", "the clipboard as «class PNGf»"})
	if err != nil {
		return Image{}, fmt.Errorf("%w (%s)", ErrNoImage, err)
	}
	data, err := parseAppleData(out, "PNGf")
	if err != nil {
		return Image{}, err
	}
	return checkImage(Image{Data: data, Type: "image/png"})
}

// parseAppleData decodes AppleScript's «data CODEhex…» of the class code.
func parseAppleData(out []byte, code string) ([]byte, error) {
	s := strings.TrimSpace(string(out))
	body, isData := strings.CutPrefix(s, "«data "+code)
	body, closed := strings.CutSuffix(body, "»")
	if !isData || !closed {
		return nil, fmt.Errorf("%w (osascript answered no %s data)", ErrNoImage, code)
	}
	return hex.DecodeString(body)
}

// run runs a tool and returns its output, bounded by toolTimeout and at
// most maxImage+1 bytes; a failure says what the tool wrote on stderr.
func run(parent context.Context, args []string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(parent, toolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var out, stderr limitedBuffer
	out.limit, stderr.limit = maxImage+1, 4096
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	switch {
	case parent.Err() != nil:
		return nil, parent.Err()
	case ctx.Err() != nil:
		return nil, fmt.Errorf("no answer in %s", toolTimeout)
	case err != nil:
		if msg := oneLine(strings.TrimSpace(stderr.String())); msg != "" {
			return nil, errors.New(msg)
		}
		return nil, errors.New(oneLine(err.Error()))
	}
	return out.Bytes(), nil
}

// limitedBuffer keeps the first limit bytes written to it and drops the rest.
type limitedBuffer struct {
	bytes.Buffer
	limit int
}

// Write keeps what fits.
func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.limit - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
