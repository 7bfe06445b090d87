package preview

import (
	"context"
	"image"
	"image/color"

	"golang.org/x/sync/semaphore"
)

// DecodeMemory bounds, in bytes, the memory that decoding and scaling
// pictures may take in this process at once. A picture whose preview
// alone would take more is refused with ErrTooLarge (a JPEG is read at
// one eighth of its size instead, when it can be); previews in flight
// wait for each other so that together they stay within it. The pixel
// limit (MaxPixels) is not enough: a 16-bit picture takes 8 bytes a
// pixel, a progressive JPEG 5 or more while it decodes.
const DecodeMemory = 256 << 20

// memoryBudget hands out bytes of decode memory: a weighted semaphore
// that refuses, instead of waiting forever, a request over its size.
type memoryBudget struct {
	size    int64
	sem     *semaphore.Weighted
	observe func(n int64, wait bool) // when not nil, told of each request and whether it waits (tests)
}

func newMemoryBudget(size int64) *memoryBudget {
	return &memoryBudget{size: size, sem: semaphore.NewWeighted(size)}
}

// decodeMemory is the budget every Prepare in the process shares.
var decodeMemory = newMemoryBudget(DecodeMemory)

// acquire takes n bytes (n at most b.size), waiting for room until ctx
// ends, and returns the function that gives them back.
func (b *memoryBudget) acquire(ctx context.Context, n int64) (release func(), err error) {
	n = min(max(n, 1), b.size)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	wait := !b.sem.TryAcquire(n)
	if b.observe != nil {
		b.observe(n, wait)
	}
	if wait {
		if err := b.sem.Acquire(ctx, n); err != nil {
			return nil, err
		}
	}
	return func() { b.sem.Release(n) }, nil
}

// decodeBytes bounds what the full decoder of format allocates for a
// picture of cfg (data is the file, for the layout a JPEG or PNG header
// gives). Sixteen bits a sample are 2 bytes; a picture whose colour model
// is not known counts 8 bytes a pixel, the most any decoder here takes.
func decodeBytes(format string, cfg image.Config, data []byte) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	pixels := modelBytes(cfg.ColorModel, px)
	rows := 4*pixels/int64(max(cfg.Height, 1)) + 256<<10 // row buffers, zlib, LZW or VP8 state
	switch format {
	case JPEG:
		if h, err := readJPEGHeader(data); err == nil {
			return h.fullDecodeBytes() + 128<<10
		}
		return 15 * px // a layout not read here: as progressive 4:4:4, the most
	case PNG:
		if pngInterlaced(data) {
			return 2*pixels + rows // the seven passes are decoded apart, then merged
		}
	case WebP:
		switch cfg.ColorModel {
		case color.YCbCrModel:
			return pixels/2 + int64(len(data)) + rows // VP8 is 4:2:0; its partitions are read whole
		case color.NYCbCrAModel:
			return 3*px + 8*px + rows // 4:2:0 and alpha; a compressed alpha plane is decoded as lossless ARGB first
		}
		return 2*pixels + rows // lossless: the ARGB pixels, then the picture
	case TIFF:
		return 4*pixels + rows // a strip is read or decompressed whole (in a growing buffer) beside the picture
	}
	return pixels + rows
}

// modelBytes is the size of px pixels in colour model m, as the decoders
// here store them (YCbCr counted at 4:4:4).
func modelBytes(m color.Model, px int64) int64 {
	if _, ok := m.(color.Palette); ok {
		return px
	}
	switch m {
	case color.GrayModel, color.AlphaModel:
		return px
	case color.Gray16Model, color.Alpha16Model:
		return 2 * px
	case color.YCbCrModel:
		return 3 * px
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		return 4 * px
	}
	return 8 * px
}

// sixteenBit reports a colour model of 16 bits a sample.
func sixteenBit(m color.Model) bool {
	if _, ok := m.(color.Palette); ok {
		return false
	}
	switch m {
	case color.Gray16Model, color.Alpha16Model, color.RGBA64Model, color.NRGBA64Model:
		return true
	}
	return false
}

// pngInterlaced reads the interlace method from a PNG's IHDR.
func pngInterlaced(data []byte) bool { return len(data) > 28 && data[28] == 1 }

// renderBytes is what Render takes to bring a picture of sw x sh pixels
// (as stored) to t: scaling (scaleBytes), turning it upright, and
// encoding it (encodeBytes a pixel).
func renderBytes(sw, sh int, f Facts, t Target) int64 {
	w, h := pixelsFor(f, t)
	if f.Orientation >= 5 {
		w, h = h, w
	}
	px := int64(w) * int64(h)
	n := scaleBytes(sw, sh, w, h) + encodeBytes(t.Mode)*px
	if f.Orientation > 1 {
		n += 4 * px
	}
	return n
}

// scaleBytes bounds what Scale allocates to take a picture of sw x sh
// pixels to w x h: the box-filtered copy and its row buffers, Catmull-Rom's
// buffer of 32 bytes for each target column and source row, its weights,
// and the result.
func scaleBytes(sw, sh, w, h int) int64 {
	n := 4*int64(w)*int64(h) + 256*int64(w+h) + 64<<10 // and the kernel's weights
	rw, rh := sw, sh
	if k := min(sw/w, sh/h); k >= 2 {
		rw, rh = sw/k, sh/k
		n += 4*int64(rw)*int64(rh) + 4*int64(sw) + 16*int64(rw)
	}
	if rw != w || rh != h {
		n += 32 * int64(w) * int64(rh)
	}
	return n
}

// encodeBytes is the memory encoding holds for each pixel of the scaled
// picture, at its peak: styled text for blocks; a PNG, its base64 and the
// escapes for kitty and iTerm2; for sixel, x/ansi/sixel's bit planes (32
// bytes a pixel for 256 colours) and its maps of the picture's colours.
// (The encoders also make short-lived garbage that these do not count.)
func encodeBytes(m Mode) int64 {
	switch m {
	case Sixel:
		return 128
	case Kitty, ITerm:
		return 48
	}
	return 64
}
