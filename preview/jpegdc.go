package preview

import (
	"encoding/binary"
	"errors"
	"image"
	"image/color"
)

// decodeJPEGDC decodes a baseline JPEG at one eighth of its size from the
// DC coefficients alone: each 8x8 block's DC term is its mean, so no
// inverse DCT runs and only one pixel per block is made. The Huffman data
// must still be read through; the rest of a full decode is skipped, which
// is most of its time. A preview pane is far smaller than a camera photo,
// so nothing is lost. Progressive, arithmetic-coded, 12-bit, CMYK and
// non-interleaved JPEGs return errDCUnsupported: use the full decoder.
func decodeJPEGDC(data []byte) (image.Image, error) {
	var d dcDecoder
	if err := d.parse(data); err != nil {
		return nil, err
	}
	if err := d.scan(); err != nil {
		return nil, err
	}
	return d.image(), nil
}

var errDCUnsupported = errors.New("jpeg: not a baseline JPEG the DC decoder reads")

// dcComponent is one colour component of the frame.
type dcComponent struct {
	id, h, v, tq int
	dc, ac       int     // Huffman table numbers from the scan header
	bw, bh       int     // blocks across and down (whole MCUs)
	plane        []uint8 // one value per block
	pred         int
}

type dcDecoder struct {
	data          []byte
	pos           int // start of the entropy-coded data
	width, height int
	comps         []dcComponent
	hmax, vmax    int
	quant         [4]int // each table's DC quantiser
	huff          [2][4]*huffTable
	restart       int
	mcux, mcuy    int
}

// parse reads the markers up to the start of the scan.
func (d *dcDecoder) parse(data []byte) error {
	d.data = data
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return errDCUnsupported
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return errDCUnsupported
		}
		m := data[i+1]
		if m == 0xff {
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return errDCUnsupported
		}
		seg := data[i+4 : i+2+n]
		var err error
		switch m {
		case 0xc0, 0xc1: // baseline, extended sequential Huffman
			err = d.frame(seg)
		case 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf:
			return errDCUnsupported
		case 0xc4:
			err = d.tables(seg)
		case 0xdb:
			err = d.quantisers(seg)
		case 0xdd:
			if len(seg) < 2 {
				return errDCUnsupported
			}
			d.restart = int(binary.BigEndian.Uint16(seg))
		case 0xee: // Adobe: may mean RGB or CMYK
			return errDCUnsupported
		case 0xda:
			if err := d.scanHeader(seg); err != nil {
				return err
			}
			d.pos = i + 2 + n
			return nil
		}
		if err != nil {
			return err
		}
		i += 2 + n
	}
	return errDCUnsupported
}

// frame reads SOF0/SOF1.
func (d *dcDecoder) frame(s []byte) error {
	if len(s) < 6 || s[0] != 8 {
		return errDCUnsupported
	}
	d.height, d.width = int(binary.BigEndian.Uint16(s[1:])), int(binary.BigEndian.Uint16(s[3:]))
	n := int(s[5])
	if (n != 1 && n != 3) || len(s) < 6+3*n || d.width == 0 || d.height == 0 {
		return errDCUnsupported
	}
	d.hmax, d.vmax = 1, 1
	for c := range n {
		p := s[6+3*c:]
		comp := dcComponent{id: int(p[0]), h: int(p[1] >> 4), v: int(p[1] & 15), tq: int(p[2])}
		if comp.h < 1 || comp.h > 4 || comp.v < 1 || comp.v > 4 || comp.tq > 3 {
			return errDCUnsupported
		}
		d.hmax, d.vmax = max(d.hmax, comp.h), max(d.vmax, comp.v)
		d.comps = append(d.comps, comp)
	}
	d.mcux, d.mcuy = ceilDiv(d.width, 8*d.hmax), ceilDiv(d.height, 8*d.vmax)
	for i := range d.comps {
		c := &d.comps[i]
		c.bw, c.bh = d.mcux*c.h, d.mcuy*c.v
		c.plane = make([]uint8, c.bw*c.bh)
	}
	return nil
}

// quantisers keeps the DC entry of each quantisation table.
func (d *dcDecoder) quantisers(s []byte) error {
	for len(s) > 0 {
		pq, tq := s[0]>>4, int(s[0]&15)
		if tq > 3 {
			return errDCUnsupported
		}
		switch {
		case pq == 0 && len(s) >= 65:
			d.quant[tq] = int(s[1])
			s = s[65:]
		case pq == 1 && len(s) >= 129:
			d.quant[tq] = int(binary.BigEndian.Uint16(s[1:]))
			s = s[129:]
		default:
			return errDCUnsupported
		}
	}
	return nil
}

// tables reads Huffman tables.
func (d *dcDecoder) tables(s []byte) error {
	for len(s) >= 17 {
		class, id := int(s[0]>>4), int(s[0]&15)
		if class > 1 || id > 3 {
			return errDCUnsupported
		}
		var counts [16]int
		total := 0
		for i := range 16 {
			counts[i] = int(s[1+i])
			total += counts[i]
		}
		if total > 256 || len(s) < 17+total {
			return errDCUnsupported
		}
		t, err := newHuffTable(counts, s[17:17+total])
		if err != nil {
			return err
		}
		d.huff[class][id] = t
		s = s[17+total:]
	}
	return nil
}

// scanHeader reads SOS: one interleaved scan of every component.
func (d *dcDecoder) scanHeader(s []byte) error {
	if len(d.comps) == 0 || len(s) < 1 || int(s[0]) != len(d.comps) || len(s) < 1+2*len(d.comps)+3 {
		return errDCUnsupported
	}
	for i := range d.comps {
		id, tables := int(s[1+2*i]), s[2+2*i]
		c := &d.comps[i]
		if c.id != id {
			return errDCUnsupported
		}
		c.dc, c.ac = int(tables>>4), int(tables&15)
		if c.dc > 3 || c.ac > 3 || d.huff[0][c.dc] == nil || d.huff[1][c.ac] == nil {
			return errDCUnsupported
		}
	}
	return nil
}

// scan reads the entropy-coded data, keeping each block's DC term.
func (d *dcDecoder) scan() error {
	br := bitReader{data: d.data, pos: d.pos}
	mcus := d.mcux * d.mcuy
	for m := 0; m < mcus; m++ {
		if d.restart > 0 && m > 0 && m%d.restart == 0 {
			if err := br.restart(); err != nil {
				return err
			}
			for i := range d.comps {
				d.comps[i].pred = 0
			}
		}
		mx, my := m%d.mcux, m/d.mcux
		for i := range d.comps {
			c := &d.comps[i]
			dc, ac := d.huff[0][c.dc], d.huff[1][c.ac]
			for by := range c.v {
				for bx := range c.h {
					t, err := br.decode(dc)
					if err != nil {
						return err
					}
					c.pred += br.receiveExtend(t)
					if err := br.skipAC(ac); err != nil {
						return err
					}
					v := 128 + c.pred*d.quant[c.tq]/8
					c.plane[(my*c.v+by)*c.bw+mx*c.h+bx] = uint8(max(0, min(255, v)))
				}
			}
		}
		if br.err != nil {
			return br.err
		}
	}
	return nil
}

// image assembles the one-eighth picture.
func (d *dcDecoder) image() image.Image {
	w, h := ceilDiv(d.width, 8), ceilDiv(d.height, 8)
	if len(d.comps) == 1 {
		g := image.NewGray(image.Rect(0, 0, w, h))
		c := d.comps[0]
		for y := range h {
			copy(g.Pix[y*g.Stride:y*g.Stride+w], c.plane[y*c.bw:y*c.bw+w])
		}
		return g
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	y, cb, cr := d.comps[0], d.comps[1], d.comps[2]
	for py := range h {
		row := img.Pix[py*img.Stride:]
		for px := range w {
			at := func(c dcComponent) uint8 {
				return c.plane[(py*c.v/d.vmax)*c.bw+px*c.h/d.hmax]
			}
			r, g, b := color.YCbCrToRGB(at(y), at(cb), at(cr))
			row[4*px], row[4*px+1], row[4*px+2], row[4*px+3] = r, g, b, 0xff
		}
	}
	return img
}

// huffTable decodes one Huffman table: a 9-bit lookup for short codes,
// canonical code ranges for the rest.
type huffTable struct {
	lut     [1 << 9]uint16 // value<<8 | length, 0 when longer than 9 bits
	maxCode [17]int32      // largest code of each length, -1 when none
	valPtr  [17]int32      // index in vals of each length's first code
	minCode [17]int32
	vals    []uint8
}

func newHuffTable(counts [16]int, vals []uint8) (*huffTable, error) {
	t := &huffTable{vals: vals}
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		if code+n > 1<<l {
			return nil, errDCUnsupported // more codes than the length allows
		}
		t.valPtr[l], t.minCode[l] = k, code
		t.maxCode[l] = -1
		if n > 0 {
			t.maxCode[l] = code + n - 1
		}
		for i := int32(0); i < n; i++ {
			if l <= 9 {
				base := (code + i) << (9 - l)
				for j := int32(0); j < 1<<(9-l); j++ {
					t.lut[base+j] = uint16(vals[k+i])<<8 | uint16(l)
				}
			}
		}
		k += n
		code = (code + n) << 1
	}
	return t, nil
}

// bitReader reads the entropy-coded segment, undoing 0xFF00 stuffing and
// stopping at markers (which read as zero bits).
type bitReader struct {
	data   []byte
	pos    int
	acc    uint64
	n      uint // bits in acc
	marker bool
	err    error
}

var errDCTruncated = errors.New("jpeg: the image data ends early")

// fill tops the accumulator up to at least 32 bits.
func (b *bitReader) fill() {
	for b.n <= 56 {
		var c byte
		switch {
		case b.marker:
		case b.pos >= len(b.data):
			b.marker = true
			if b.err == nil {
				b.err = errDCTruncated
			}
		case b.data[b.pos] != 0xff:
			c = b.data[b.pos]
			b.pos++
		case b.pos+1 < len(b.data) && b.data[b.pos+1] == 0x00:
			c = 0xff
			b.pos += 2
		default:
			b.marker = true // a marker: RSTn or EOI
		}
		b.acc |= uint64(c) << (56 - b.n)
		b.n += 8
	}
}

// bits takes n bits (n <= 16).
func (b *bitReader) bits(n uint) int {
	if b.n < n {
		b.fill()
	}
	v := int(b.acc >> (64 - n))
	b.acc <<= n
	b.n -= n
	return v
}

// decode reads one Huffman-coded value.
func (b *bitReader) decode(t *huffTable) (int, error) {
	if b.n < 16 {
		b.fill()
	}
	if e := t.lut[b.acc>>(64-9)]; e != 0 {
		l := uint(e & 0xff)
		b.acc <<= l
		b.n -= l
		return int(e >> 8), nil
	}
	code := int32(0)
	for l := 1; l <= 16; l++ {
		code = code<<1 | int32(b.acc>>63)
		b.acc <<= 1
		b.n--
		if code <= t.maxCode[l] {
			return int(t.vals[t.valPtr[l]+code-t.minCode[l]]), nil
		}
	}
	return 0, errors.New("jpeg: bad Huffman code")
}

// receiveExtend reads an s-bit signed value (JPEG F.2.2.1).
func (b *bitReader) receiveExtend(s int) int {
	if s == 0 {
		return 0
	}
	v := b.bits(uint(s))
	if v < 1<<(s-1) {
		v += -1<<s + 1
	}
	return v
}

// skipAC reads past a block's 63 AC coefficients.
func (b *bitReader) skipAC(t *huffTable) error {
	for k := 1; k < 64; k++ {
		rs, err := b.decode(t)
		if err != nil {
			return err
		}
		r, s := rs>>4, rs&15
		if s == 0 {
			if r != 15 {
				return nil // end of block
			}
			k += 15
			continue
		}
		k += r
		b.bits(uint(s))
	}
	return nil
}

// restart moves past an RSTn marker and clears the bit buffer.
func (b *bitReader) restart() error {
	b.acc, b.n, b.marker = 0, 0, false
	for b.pos+1 < len(b.data) && !(b.data[b.pos] == 0xff && b.data[b.pos+1] >= 0xd0 && b.data[b.pos+1] <= 0xd7) {
		b.pos++
	}
	if b.pos+1 >= len(b.data) {
		return errDCTruncated
	}
	b.pos += 2
	return nil
}
