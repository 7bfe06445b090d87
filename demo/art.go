package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
)

// pattern maps a pixel to a blend factor in [0,1] between two colours.
type pattern func(x, y, w, h float64) float64

// patterns are the generated looks, picked per picture by index.
var patterns = []pattern{
	linear, radial, stripes, rings, waves, plasma, diamonds, checks, bubbles,
}

func linear(x, y, w, h float64) float64 { return (x/w + y/h) / 2 }

func radial(x, y, w, h float64) float64 {
	return clamp(dist(x-w/2, y-h/2) / dist(w/2, h/2))
}

func stripes(x, y, w, h float64) float64 {
	return 0.5 + 0.5*math.Sin((x+y)/w*18)
}

func rings(x, y, w, h float64) float64 {
	return 0.5 + 0.5*math.Cos(dist(x-w*0.3, y-h*0.4)/w*40)
}

func waves(x, y, w, h float64) float64 {
	return clamp(y/h + 0.15*math.Sin(x/w*2*math.Pi*3))
}

func plasma(x, y, w, h float64) float64 {
	u, v := x/w*6, y/h*6
	return 0.5 + (math.Sin(u)+math.Sin(v)+math.Sin(u+v)+math.Sin(dist(u, v)))/8
}

func diamonds(x, y, w, h float64) float64 {
	return 0.5 + 0.5*math.Sin((math.Abs(x-w/2)+math.Abs(y-h/2))/w*30)
}

func checks(x, y, w, h float64) float64 {
	cell := int(x/(w/8)) + int(y/(h/5))
	if cell%2 == 0 {
		return 0.2 + 0.3*x/w
	}
	return 0.7 + 0.3*y/h
}

// circles are the bubbles' centres and radii as fractions of the picture.
var circles = [][3]float64{
	{0.15, 0.3, 0.12}, {0.33, 0.6, 0.15}, {0.51, 0.4, 0.18}, {0.69, 0.7, 0.21}, {0.87, 0.5, 0.24},
}

func bubbles(x, y, w, h float64) float64 {
	t := 0.6 * y / h
	for _, c := range circles {
		if dx, dy := x-w*c[0], y-h*c[1]; dx*dx+dy*dy < h*h*c[2]*c[2] {
			return 1 - t
		}
	}
	return t
}

func clamp(t float64) float64 { return max(0, min(1, t)) }

// dist is the length of (dx, dy); math.Hypot is slower and its care
// for overflow is not needed here.
func dist(dx, dy float64) float64 { return math.Sqrt(dx*dx + dy*dy) }

// look is one picture's pattern and pair of colours.
type look struct {
	pat    pattern
	c1, c2 color.RGBA
}

// lookFor returns a distinct look for picture number n: the pattern
// cycles and the hues step by the golden angle so neighbours differ.
func lookFor(n int) look {
	hue := math.Mod(float64(n)*137.508, 360)
	return look{
		pat: patterns[n%len(patterns)],
		c1:  hsv(hue, 0.65, 0.95),
		c2:  hsv(math.Mod(hue+150, 360), 0.75, 0.45),
	}
}

// ramp returns the colour at t along the look's two colours.
func (l look) ramp(t float64) color.RGBA {
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t) }
	return color.RGBA{mix(l.c1.R, l.c2.R), mix(l.c1.G, l.c2.G), mix(l.c1.B, l.c2.B), 255}
}

// rgba renders the look at w x h through a 256-step colour table.
func (l look) rgba(w, h int) *image.RGBA {
	var lut [256]color.RGBA
	for i := range lut {
		lut[i] = l.ramp(float64(i) / 255)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		row := img.Pix[y*img.Stride:]
		for x := range w {
			c := lut[uint8(clamp(l.pat(float64(x), float64(y), float64(w), float64(h)))*255)]
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
		}
	}
	return img
}

// paletted renders the look at w x h with a 64-step palette along its ramp.
func (l look) paletted(w, h int) *image.Paletted {
	const steps = 64
	pal := make(color.Palette, steps)
	for i := range pal {
		pal[i] = l.ramp(float64(i) / (steps - 1))
	}
	img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	for y := range h {
		for x := range w {
			t := l.pat(float64(x), float64(y), float64(w), float64(h))
			img.SetColorIndex(x, y, uint8(math.Round(clamp(t)*(steps-1))))
		}
	}
	return img
}

// hsv converts hue (degrees), saturation and value (0..1) to RGB.
func hsv(h, s, v float64) color.RGBA {
	c := v * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := v - c
	var r, g, b float64
	switch {
	case h < 60:
		r, g, b = c, x, 0
	case h < 120:
		r, g, b = x, c, 0
	case h < 180:
		r, g, b = 0, c, x
	case h < 240:
		r, g, b = 0, x, c
	case h < 300:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	to8 := func(f float64) uint8 { return uint8(math.Round((f + m) * 255)) }
	return color.RGBA{to8(r), to8(g), to8(b), 255}
}

// render encodes picture n at w x h in format ("png", "jpeg" or "gif").
func render(format string, n, w, h int) ([]byte, error) {
	l := lookFor(n)
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, l.rgba(w, h))
	case "jpeg":
		err = jpeg.Encode(&buf, l.rgba(w, h), &jpeg.Options{Quality: 85})
	case "gif":
		err = gif.Encode(&buf, l.paletted(w, h), nil)
	default:
		err = fmt.Errorf("unknown image format %q", format)
	}
	if err != nil {
		return nil, fmt.Errorf("render %s #%d: %w", format, n, err)
	}
	return buf.Bytes(), nil
}
