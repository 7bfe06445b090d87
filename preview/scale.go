package preview

import (
	"image"
	"image/color"
	"image/draw"

	xdraw "golang.org/x/image/draw"
)

// Fit returns the largest size with the aspect ratio of w x h that fits in
// a box of bw x bh, at least 1x1.
func Fit(w, h, bw, bh int) (int, int) {
	if w <= 0 || h <= 0 || bw <= 0 || bh <= 0 {
		return max(min(w, bw), 1), max(min(h, bh), 1)
	}
	fw, fh := bw, int(int64(h)*int64(bw)/int64(w))
	if fh > bh {
		fw, fh = int(int64(w)*int64(bh)/int64(h)), bh
	}
	return max(fw, 1), max(fh, 1)
}

// Scale resizes img to exactly w x h. A picture many times larger than the
// target is first averaged down by a whole factor (a box filter, cheap and
// free of aliasing), then Catmull-Rom takes it to the exact size.
func Scale(img image.Image, w, h int) *image.RGBA {
	b := img.Bounds()
	if k := min(b.Dx()/w, b.Dy()/h); k >= 2 {
		img = boxReduce(img, k)
		b = img.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if b.Dx() == w && b.Dy() == h {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return dst
	}
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}

// boxReduce averages every k x k block of img into one pixel. A picture
// that is neither YCbCr nor RGBA is converted to RGBA a row at a time as
// it is read, never whole: a full-size copy would double the memory of a
// large picture.
func boxReduce(img image.Image, k int) *image.RGBA {
	if y, ok := img.(*image.YCbCr); ok && y.Rect.Min == (image.Point{}) {
		return reduceYCbCr(y, k)
	}
	b := img.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	rows := rgbaRows(img)
	sums := make([]uint32, 4*w)
	n := uint32(k * k)
	for oy := range h {
		clear(sums)
		for dy := range k {
			row := rows(b.Min.Y + oy*k + dy)
			for ox := range w {
				px := row[4*ox*k : 4*(ox+1)*k]
				s := sums[4*ox : 4*ox+4]
				for i := 0; i < len(px); i += 4 {
					s[0] += uint32(px[i])
					s[1] += uint32(px[i+1])
					s[2] += uint32(px[i+2])
					s[3] += uint32(px[i+3])
				}
			}
		}
		out := dst.Pix[oy*dst.Stride:]
		for i := range 4 * w {
			out[i] = uint8(sums[i] / n)
		}
	}
	return dst
}

// rgbaRows returns a function giving row y of img as premultiplied RGBA
// bytes: the picture's own row when it is RGBA, else one row converted
// into a buffer that the next call reuses.
func rgbaRows(img image.Image) func(y int) []uint8 {
	b := img.Bounds()
	if rgba, ok := img.(*image.RGBA); ok {
		return func(y int) []uint8 {
			i := rgba.PixOffset(b.Min.X, y)
			return rgba.Pix[i : i+4*b.Dx()]
		}
	}
	line := image.NewRGBA(image.Rect(0, 0, b.Dx(), 1))
	return func(y int) []uint8 {
		draw.Draw(line, line.Rect, img, image.Pt(b.Min.X, y), draw.Src)
		return line.Pix
	}
}

// reduceYCbCr box-filters the luma and chroma planes separately and
// converts only the reduced pixels to RGB: a JPEG of 12 megapixels costs
// a few additions per pixel instead of a colour conversion per pixel.
func reduceYCbCr(src *image.YCbCr, k int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	hd, vd := chromaDivisors(src.SubsampleRatio)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	ys := make([]uint32, w)
	for oy := range h {
		clear(ys)
		for dy := range k {
			row := src.Y[(oy*k+dy)*src.YStride:]
			for ox := range w {
				var s uint32
				for _, v := range row[ox*k : (ox+1)*k] {
					s += uint32(v)
				}
				ys[ox] += s
			}
		}
		cy0, cy1 := oy*k/vd, max((oy+1)*k/vd, oy*k/vd+1)
		out := dst.Pix[oy*dst.Stride:]
		for ox := range w {
			cx0, cx1 := ox*k/hd, max((ox+1)*k/hd, ox*k/hd+1)
			cb, cr := chromaMean(src, cx0, cx1, cy0, cy1)
			r, g, bl := color.YCbCrToRGB(uint8(ys[ox]/uint32(k*k)), cb, cr)
			out[4*ox], out[4*ox+1], out[4*ox+2], out[4*ox+3] = r, g, bl, 0xff
		}
	}
	return dst
}

// chromaMean averages Cb and Cr over chroma-plane columns [x0,x1) and rows [y0,y1).
func chromaMean(src *image.YCbCr, x0, x1, y0, y1 int) (uint8, uint8) {
	var cb, cr, n uint32
	for y := y0; y < y1; y++ {
		off := y * src.CStride
		for x := x0; x < x1; x++ {
			cb += uint32(src.Cb[off+x])
			cr += uint32(src.Cr[off+x])
			n++
		}
	}
	return uint8(cb / n), uint8(cr / n)
}

// chromaDivisors are the horizontal and vertical chroma subsampling factors.
func chromaDivisors(r image.YCbCrSubsampleRatio) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}
