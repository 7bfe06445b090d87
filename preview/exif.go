package preview

import (
	"encoding/binary"
	"image"
)

// jpegOrientation returns the EXIF orientation (1..8) of a JPEG, or 1 when
// it has none or the EXIF block is malformed. Only the markers before the
// image data are read.
func jpegOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		end := i + 2 + n
		if n < 2 || end > len(data) {
			return 1
		}
		if marker == 0xe1 {
			if o := exifOrientation(data[i+4 : end]); o != 0 {
				return o
			}
		}
		i = end
	}
	return 1
}

// exifOrientation reads tag 0x0112 from IFD0 of an APP1 payload, or 0.
func exifOrientation(p []byte) int {
	if len(p) < 14 || string(p[:6]) != "Exif\x00\x00" {
		return 0
	}
	t := p[6:]
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[ifd:]))
	for e := range count {
		at := ifd + 2 + 12*e
		if at+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[at:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[at+2:]) != 3 { // SHORT
			return 0
		}
		if o := int(bo.Uint16(t[at+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 0
	}
	return 0
}

// orient returns img turned upright for EXIF orientation o (1..8):
// 2 mirrors, 3 turns 180°, 4 flips, 5 transposes, 6 turns 90° clockwise,
// 7 transverses, 8 turns 90° counter-clockwise.
func orient(img *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		src := img.Pix[(y)*img.Stride:]
		for x := range w {
			dx, dy := orientPoint(o, x, y, w, h)
			d := dst.Pix[dy*dst.Stride+4*dx:]
			copy(d[:4], src[4*x:4*x+4])
		}
	}
	return dst
}

// orientPoint maps source pixel (x, y) of a w x h picture to its upright place.
func orientPoint(o, x, y, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return h - 1 - y, x
	case 7:
		return h - 1 - y, w - 1 - x
	case 8:
		return y, w - 1 - x
	}
	return x, y
}
