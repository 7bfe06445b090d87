package demo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/bmp"
)

// Pictures whose colours, sizes and orientation tests can rely on.
const (
	// TestCardKey is a 480x240 PNG in four flat quadrants: TestCardColours
	// in the order top left, top right, bottom left, bottom right.
	TestCardKey          = "test-card.png"
	TestCardW, TestCardH = 480, 240
	// LargeKey is an uncompressed BMP over the UI's 16 MiB preview cap.
	LargeKey       = "designs/poster-print.bmp"
	LargeW, LargeH = 4000, 1500
	PhoneW, PhoneH = 300, 400 // upright size of the phone photos
	phoneQuality   = 90
)

// TestCardColours are the test card's quadrants: pure red, green, blue and white.
var TestCardColours = [4]color.RGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}}

// PhoneOrientations are the phone-style JPEGs, stored sideways or upside
// down as a camera writes them, with the EXIF orientation that turns each
// upright: a PhoneW x PhoneH portrait, sky (PhoneSky) over grass
// (PhoneGrass), with a yellow sun in the sky's left half.
var PhoneOrientations = map[string]int{
	"photos/2026/03/IMG_0002.JPG": 6, // held upright: stored turned a quarter left
	"photos/2026/03/IMG_0003.JPG": 8, // stored turned a quarter right
	"photos/2026/03/IMG_0004.JPG": 3, // held upside down
}

// Colours of the phone photos.
var (
	PhoneSky   = color.RGBA{70, 140, 230, 255}
	PhoneGrass = color.RGBA{50, 150, 50, 255}
	PhoneSun   = color.RGBA{255, 220, 40, 255}
)

// testCard renders the test card as PNG.
func testCard() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, TestCardW, TestCardH))
	for y := range TestCardH {
		for x := range TestCardW {
			img.SetRGBA(x, y, TestCardColours[2*(2*y/TestCardH)+2*x/TestCardW])
		}
	}
	return encodePNG(img, png.BestSpeed)
}

// phoneUpright is the phone photo as a person sees it.
func phoneUpright(x, y int) color.RGBA {
	if dx, dy := x-PhoneW/4, y-PhoneH/6; dx*dx+dy*dy < 30*30 {
		return PhoneSun
	}
	if y < PhoneH/2 {
		return PhoneSky
	}
	return PhoneGrass
}

// phonePhoto stores the upright photo for orientation o and writes the
// EXIF block that turns it back.
func phonePhoto(o int) ([]byte, error) {
	sw, sh := PhoneW, PhoneH
	if o >= 5 {
		sw, sh = PhoneH, PhoneW
	}
	img := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for y := range sh {
		for x := range sw {
			ux, uy := orientPoint(o, x, y, sw, sh)
			img.SetRGBA(x, y, phoneUpright(ux, uy))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: phoneQuality}); err != nil {
		return nil, err
	}
	return withEXIFOrientation(buf.Bytes(), o), nil
}

// orientPoint maps stored pixel (x, y) of a w x h picture to its upright
// place under EXIF orientation o.
func orientPoint(o, x, y, w, h int) (int, int) {
	switch o {
	case 3:
		return w - 1 - x, h - 1 - y
	case 6:
		return h - 1 - y, x
	case 8:
		return y, w - 1 - x
	}
	return x, y
}

// withEXIFOrientation puts an APP1 EXIF block holding only the orientation
// right after the JPEG's start marker, big-endian as phones write it.
func withEXIFOrientation(jpg []byte, o int) []byte {
	var app1 bytes.Buffer
	app1.WriteString("Exif\x00\x00MM\x00\x2a")
	for _, v := range []any{uint32(8), uint16(1), uint16(0x0112), uint16(3), uint32(1), uint16(o), uint16(0), uint32(0)} {
		binary.Write(&app1, binary.BigEndian, v) //nolint:errcheck // a bytes.Buffer does not fail
	}
	out := make([]byte, 0, len(jpg)+app1.Len()+4)
	out = append(out, jpg[:2]...)
	out = append(out, 0xff, 0xe1, byte((app1.Len()+2)>>8), byte(app1.Len()+2))
	out = append(out, app1.Bytes()...)
	return append(out, jpg[2:]...)
}

// large renders the poster: a LargeW x LargeH gradient as an uncompressed
// BMP, so it is over 16 MiB yet quick to make.
func large() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, LargeW, LargeH))
	for y := range LargeH {
		row := img.Pix[y*img.Stride : (y+1)*img.Stride]
		g := uint8(40 + 160*y/LargeH)
		for x := range LargeW {
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(255*x/LargeW), g, 120, 255
		}
	}
	var buf bytes.Buffer
	buf.Grow(LargeW*LargeH*3 + 64)
	err := bmp.Encode(&buf, img)
	return buf.Bytes(), err
}

func encodePNG(img image.Image, level png.CompressionLevel) ([]byte, error) {
	var buf bytes.Buffer
	err := (&png.Encoder{CompressionLevel: level}).Encode(&buf, img)
	return buf.Bytes(), err
}
