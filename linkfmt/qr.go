package linkfmt

import (
	"errors"
	"fmt"
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// QRQuietZone is the light margin around a QR code, in modules. The
// standard asks for 4; phone readers find a code on a screen with 2, and
// every module saved matters for a 1,500-character link.
const QRQuietZone = 2

// maxQRBytes is what the largest QR code (version 40, level L) holds as bytes.
const maxQRBytes = 2953

// The colours of a QR code on a terminal: fixed black on fixed white from
// the 256-colour cube, which themes do not remap, so the code reads
// dark-on-light on dark and light terminals alike.
const (
	qrColours = "\x1b[38;5;16;48;5;231m"
	qrReset   = "\x1b[0m"
)

// QR is a link drawn as a QR code in Unicode half blocks: each terminal
// cell shows two modules, one above the other.
type QR struct {
	dark  [][]bool // dark modules by row, quiet zone included
	level string   // the error-correction level used: "L", "M", "Q" or "H"
}

// NewQR encodes link as a QR code. It uses the highest error-correction
// level that keeps the code as small as level L would, so a long link gets
// the smallest code and a short one the most robust. Links longer than a QR
// code holds (2,953 bytes) are refused.
func NewQR(link string) (*QR, error) {
	switch {
	case link == "":
		return nil, errors.New("no link to draw as a QR code")
	case len(link) > maxQRBytes:
		return nil, fmt.Errorf("link too long for a QR code: %d bytes, at most %d", len(link), maxQRBytes)
	}
	matrix, level, err := encodeSmallest(link)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	return &QR{dark: withQuietZone(matrix, QRQuietZone), level: level}, nil
}

// qrLevels are the error-correction levels from the smallest code up.
var qrLevels = []struct {
	name  string
	level qrcode.EncodeOption
}{
	{"L", qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionLow)},
	{"M", qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium)},
	{"Q", qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionQuart)},
	{"H", qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionHighest)},
}

// encodeSmallest encodes link at level L, then at each higher level while
// the code stays the same size, and returns the last that did.
func encodeSmallest(link string) ([][]bool, string, error) {
	best, err := encodeQR(link, qrLevels[0].level)
	if err != nil {
		return nil, "", err
	}
	name := qrLevels[0].name
	for _, l := range qrLevels[1:] {
		m, err := encodeQR(link, l.level)
		if err != nil || len(m) != len(best) {
			break
		}
		best, name = m, l.name
	}
	return best, name, nil
}

// encodeQR returns the code's modules (true = dark), without quiet zone.
func encodeQR(link string, level qrcode.EncodeOption) ([][]bool, error) {
	code, err := qrcode.NewWith(link, level)
	if err != nil {
		return nil, err
	}
	var m matrixWriter
	if err := code.Save(&m); err != nil {
		return nil, err
	}
	return m.bitmap, nil
}

// matrixWriter keeps the module matrix a qrcode.QRCode saves.
type matrixWriter struct{ bitmap [][]bool }

func (w *matrixWriter) Write(m qrcode.Matrix) error { w.bitmap = m.Bitmap(); return nil }
func (w *matrixWriter) Close() error                { return nil }

// withQuietZone surrounds a square matrix with q light modules.
func withQuietZone(m [][]bool, q int) [][]bool {
	n := len(m) + 2*q
	out := make([][]bool, n)
	for y := range out {
		out[y] = make([]bool, n)
		if y >= q && y < n-q {
			copy(out[y][q:], m[y-q])
		}
	}
	return out
}

// Columns is the width of the drawn code in terminal columns, quiet zone
// included: what to compare with the terminal's width.
func (q *QR) Columns() int { return len(q.dark) }

// Rows is the height of the drawn code in terminal rows.
func (q *QR) Rows() int { return (len(q.dark) + 1) / 2 }

// Fits reports whether the code fits in cols x rows terminal cells.
func (q *QR) Fits(cols, rows int) bool { return q.Columns() <= cols && q.Rows() <= rows }

// Level is the error-correction level used: "L", "M", "Q" or "H".
func (q *QR) Level() string { return q.level }

// Modules returns whether each module is dark, by row, quiet zone included.
// The slices are the QR's own: do not change them.
func (q *QR) Modules() [][]bool { return q.dark }

// Lines draws the code, one string per terminal row. Each row sets its
// own black-on-white colours and resets them at its end, so a row can be
// placed anywhere in a view.
func (q *QR) Lines() []string {
	lines := make([]string, 0, q.Rows())
	for y := 0; y < len(q.dark); y += 2 {
		var b strings.Builder
		b.Grow(len(qrColours) + 3*len(q.dark) + len(qrReset))
		b.WriteString(qrColours)
		for x := range q.dark[y] {
			bottom := y+1 < len(q.dark) && q.dark[y+1][x]
			b.WriteString(halfBlock(q.dark[y][x], bottom))
		}
		b.WriteString(qrReset)
		lines = append(lines, b.String())
	}
	return lines
}

// String draws the code as Lines joined by newlines, with a final newline.
func (q *QR) String() string { return strings.Join(q.Lines(), "\n") + "\n" }

// halfBlock is the cell for a dark or light top and bottom module, drawn
// in the dark colour on the light one.
func halfBlock(top, bottom bool) string {
	switch {
	case top && bottom:
		return "█"
	case top:
		return "▀"
	case bottom:
		return "▄"
	}
	return " "
}
