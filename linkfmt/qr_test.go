package linkfmt

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/charmbracelet/x/vt"
	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

// sessionURL presigns a GET the way temporary credentials do: the URL
// carries a session token and runs to about 1,500 characters. Presigning
// needs no network.
func sessionURL(t testing.TB) string {
	t.Helper()
	token := make([]byte, 760) // STS session tokens are about 1,000 base64 characters
	rand.Read(token)
	creds := credentials.NewStaticCredentialsProvider("ASIAEXAMPLEEXAMPLE12", "secret", base64.StdEncoding.EncodeToString(token))
	client := s3.NewFromConfig(aws.Config{Region: "eu-west-1", Credentials: creds})
	req, err := s3.NewPresignClient(client).PresignGetObject(context.Background(), &s3.GetObjectInput{
		Bucket: aws.String("client-review-2026"), Key: aws.String("shoots/autumn/DSC 0042 (final).jpg"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return req.URL
}

func TestQRDecodesBackToTheLink(t *testing.T) {
	long := sessionURL(t)
	if len(long) < 1400 || len(long) > 1700 {
		t.Fatalf("the session URL is %d characters, want about 1,500", len(long))
	}
	for _, link := range []string{"https://example.test/p/a.png?X-Amz-Signature=0f", long} {
		q, err := NewQR(link)
		if err != nil {
			t.Fatal(err)
		}
		if got := decodeQR(t, q); got != link {
			t.Errorf("decoded %q\nwant    %q", got, link)
		}
		t.Logf("%d-character link: %d columns x %d rows, level %s", len(link), q.Columns(), q.Rows(), q.Level())
	}
}

func TestQRSizeAndLevel(t *testing.T) {
	short, err := NewQR("https://example.test/a.png")
	if err != nil {
		t.Fatal(err)
	}
	// 26 bytes: a version-2 code holds 32 at level L and 26 at level M, but
	// level Q would need version 3.
	if short.Level() != "M" || short.Columns() != 25+2*QRQuietZone {
		t.Errorf("a 26-byte link: level %s, %d columns; want level M and a version-2 code", short.Level(), short.Columns())
	}
	long, err := NewQR(sessionURL(t))
	if err != nil {
		t.Fatal(err)
	}
	// A 1,500-byte link needs version 30 or so at level L: 137 modules + the
	// quiet zone. Level M would need version 36 (161 modules).
	if long.Level() != "L" || long.Columns() > 150 {
		t.Errorf("a 1,500-character link: level %s, %d columns; want level L and at most 150 columns", long.Level(), long.Columns())
	}
	if long.Rows() != (long.Columns()+1)/2 || len(long.Lines()) != long.Rows() {
		t.Errorf("rows = %d, lines = %d, columns = %d", long.Rows(), len(long.Lines()), long.Columns())
	}
	if !long.Fits(long.Columns(), long.Rows()) || long.Fits(long.Columns()-1, 200) || long.Fits(200, long.Rows()-1) {
		t.Error("Fits disagrees with Columns and Rows")
	}
}

func TestQRRefusesWhatItCannotHold(t *testing.T) {
	if _, err := NewQR(""); err == nil {
		t.Error("an empty link was drawn")
	}
	_, err := NewQR("https://example.test/" + strings.Repeat("a", 3000))
	if err == nil || !strings.Contains(err.Error(), "at most 2953") {
		t.Errorf("a 3,021-byte link: %v", err)
	}
	if _, err := NewQR("https://example.test/" + strings.Repeat("a", 2953-21)); err != nil {
		t.Errorf("a 2,953-byte link was refused: %v", err)
	}
}

// Colours of the emulated terminal's own default (dark theme) and of a
// cell whose colour is not set.
var (
	termBackground = color.RGBA{0x1e, 0x1e, 0x1e, 0xff}
	termForeground = color.RGBA{0xd0, 0xd0, 0xd0, 0xff}
)

// renderInTerminal writes the code's lines into a terminal emulator (with a
// border of unpainted cells around it), then paints every cell as pixels:
// 3 px wide, and 3 px for each half. Cells left at the terminal's default
// colours are painted in a dark theme's colours, and any cell of the code
// that does not set both colours fails the test.
func renderInTerminal(t *testing.T, q *QR, px int) image.Image {
	t.Helper()
	const margin = 3
	w, h := q.Columns()+2*margin, q.Rows()+2*margin
	emu := vt.NewEmulator(w, h)
	for i, line := range q.Lines() {
		emu.WriteString("\x1b[" + itoa(i+margin+1) + ";" + itoa(margin+1) + "H" + line)
	}
	img := image.NewRGBA(image.Rect(0, 0, w*px, h*2*px))
	for y := range h {
		for x := range w {
			top, bottom := cellHalves(t, emu, x, y, x >= margin && x < w-margin && y >= margin && y < h-margin)
			fill(img, x*px, y*2*px, px, px, top)
			fill(img, x*px, y*2*px+px, px, px, bottom)
		}
	}
	return img
}

// cellHalves reads the colours of a cell's top and bottom halves.
func cellHalves(t *testing.T, emu *vt.Emulator, x, y int, inCode bool) (top, bottom color.Color) {
	cell := emu.CellAt(x, y)
	fg, bg := color.Color(termForeground), color.Color(termBackground)
	content := " "
	if cell != nil {
		if cell.Style.Fg != nil {
			fg = cell.Style.Fg
		}
		if cell.Style.Bg != nil {
			bg = cell.Style.Bg
		}
		if cell.Content != "" {
			content = cell.Content
		}
		if inCode && (cell.Style.Fg == nil || cell.Style.Bg == nil) {
			t.Fatalf("cell %d,%d of the code leaves a colour to the terminal's theme", x, y)
		}
	}
	switch content {
	case "█":
		return fg, fg
	case "▀":
		return fg, bg
	case "▄":
		return bg, fg
	case " ":
		return bg, bg
	}
	t.Fatalf("cell %d,%d holds %q, not a half block", x, y, content)
	return nil, nil
}

// fill paints a w x h rectangle at x, y.
func fill(img *image.RGBA, x, y, w, h int, c color.Color) {
	for dy := range h {
		for dx := range w {
			img.Set(x+dx, y+dy, c)
		}
	}
}

// decodeQR draws q in a terminal and reads it back with ZXing, as a phone
// does: from several frames (here, module sizes of 2 to 4 pixels) and with
// both of ZXing's binarizers, until one reads. ZXing alone misses about one
// large code in thirty at a given size that zbar reads, while nothing ever
// reads a wrong text; the test fails when no attempt reads the code.
func decodeQR(t *testing.T, q *QR) string {
	t.Helper()
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	var last error
	for _, px := range []int{3, 4, 2} {
		img := renderInTerminal(t, q, px)
		src := gozxing.NewLuminanceSourceFromImage(img)
		for _, binarizer := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(src), gozxing.NewGlobalHistgramBinarizer(src)} {
			bmp, err := gozxing.NewBinaryBitmap(binarizer)
			if err != nil {
				t.Fatal(err)
			}
			res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
			if err == nil {
				return res.GetText()
			}
			last = err
		}
	}
	t.Fatalf("the drawn code does not decode: %v", last)
	return ""
}

// itoa formats a small non-negative int.
func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// BenchmarkQRSessionURL draws the QR code of a 1,500-character link: the
// work behind the QR key, which belongs in a Cmd if it is slow.
func BenchmarkQRSessionURL(b *testing.B) {
	link := sessionURL(b)
	for b.Loop() {
		q, err := NewQR(link)
		if err != nil {
			b.Fatal(err)
		}
		_ = q.Lines()
	}
}
