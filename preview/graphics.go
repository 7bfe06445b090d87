package preview

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/iterm2"
	"github.com/charmbracelet/x/ansi/kitty"
	"github.com/charmbracelet/x/ansi/sixel"
)

// kittyChunk is the largest base64 payload of one kitty graphics escape.
const kittyChunk = kitty.MaxChunkSize

// KittyTransmit returns the escapes that send img to a kitty-graphics
// terminal as image id, with a virtual placement of cols x rows cells:
// nothing shows until Unicode placeholders (KittyPlaceholders) name the
// image in the text. q=2 keeps the terminal from answering.
func KittyTransmit(img image.Image, id, cols, rows int) (string, error) {
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return "", fmt.Errorf("encode PNG for kitty: %w", err)
	}
	data := base64.StdEncoding.EncodeToString(buf.Bytes())
	var out strings.Builder
	first := fmt.Sprintf("a=T,U=1,f=100,t=d,q=2,i=%d,c=%d,r=%d", id, cols, rows)
	for len(data) > 0 || out.Len() == 0 {
		n := min(len(data), kittyChunk)
		more := 0
		if n < len(data) {
			more = 1
		}
		opts := "q=2"
		if out.Len() == 0 {
			opts = first
		}
		out.WriteString(ansi.KittyGraphics([]byte(data[:n]), opts, "m="+strconv.Itoa(more)))
		data = data[n:]
	}
	return out.String(), nil
}

// KittyDelete returns the escape that deletes image id and frees its data.
func KittyDelete(id int) string {
	return ansi.KittyGraphics(nil, "a=d", "d=I", "i="+strconv.Itoa(id), "q=2")
}

// KittyPlaceholders returns rows lines of cols Unicode placeholder cells
// (U+10EEEE with row and column diacritics) that show image id: the id is
// the cells' 24-bit foreground colour. They are ordinary text for a frame.
func KittyPlaceholders(id, cols, rows int) []string {
	fg := fmt.Sprintf("\x1b[38;2;%d;%d;%dm", id>>16&0xff, id>>8&0xff, id&0xff)
	lines := make([]string, rows)
	var sb strings.Builder
	for r := range rows {
		sb.Reset()
		sb.WriteString(fg)
		for c := range cols {
			sb.WriteRune(kitty.Placeholder)
			sb.WriteRune(kitty.Diacritic(r))
			sb.WriteRune(kitty.Diacritic(c))
		}
		sb.WriteString("\x1b[39m")
		lines[r] = sb.String()
	}
	return lines
}

// SixelImage returns img as one sixel escape (DCS ; 1 q ... ST): raster
// attributes for square pixels, a palette of up to 256 colours, and
// transparent pixels left as they are.
func SixelImage(img image.Image) (string, error) {
	var payload bytes.Buffer
	if err := (&sixel.Encoder{}).Encode(&payload, img); err != nil {
		return "", fmt.Errorf("encode sixel: %w", err)
	}
	return ansi.SixelGraphics(-1, 1, 0, payload.Bytes()), nil
}

// ITermImage returns img as an iTerm2 inline image (OSC 1337) sized to
// cols x rows cells.
func ITermImage(img image.Image, cols, rows int) (string, error) {
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return "", fmt.Errorf("encode PNG for iTerm2: %w", err)
	}
	return ansi.ITerm2(iterm2.File{
		Name: "preview.png", Size: int64(buf.Len()), Inline: true, DoNotMoveCursor: true,
		Width: iterm2.Cells(cols), Height: iterm2.Cells(rows),
		Content: []byte(base64.StdEncoding.EncodeToString(buf.Bytes())),
	}), nil
}

// At returns seq written with its top-left corner at cell (col, row),
// counted from 0, with the cursor saved before and restored after: the
// way to put a sixel or iTerm2 image into a frame drawn by someone else.
func At(col, row int, seq string) string {
	return ansi.SaveCursor + ansi.CursorPosition(col+1, row+1) + seq + ansi.RestoreCursor
}

// Erase returns the escapes that blank a box of cols x rows cells whose
// top-left cell is (col, row), removing any picture drawn there, with the
// cursor saved and restored.
func Erase(col, row, cols, rows int) string {
	var sb strings.Builder
	sb.WriteString(ansi.SaveCursor)
	for r := range rows {
		sb.WriteString(ansi.CursorPosition(col+1, row+r+1))
		sb.WriteString(ansi.EraseCharacter(cols))
	}
	sb.WriteString(ansi.RestoreCursor)
	return sb.String()
}

// Passthrough wraps seq for tmux (which then needs allow-passthrough on)
// when tmux is true; each kitty chunk is wrapped on its own.
func Passthrough(seq string, tmux bool) string {
	if !tmux || seq == "" {
		return seq
	}
	var sb strings.Builder
	for _, part := range strings.SplitAfter(seq, "\x1b\\") {
		if part != "" {
			sb.WriteString(ansi.TmuxPassthrough(part))
		}
	}
	return sb.String()
}
