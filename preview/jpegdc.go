package preview

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
)

// decodeJPEGDC decodes a JPEG at one eighth of its size from the DC
// coefficients alone: each 8x8 block's DC term is its mean, so no inverse
// DCT runs and only one pixel per block is made, from one int32 per block.
// A baseline JPEG's Huffman-coded AC terms must still be read through; a
// progressive JPEG sends its DC terms in scans of their own, and its AC
// scans, most of the file, are skipped without decoding. A preview pane is
// far smaller than a camera photo, so nothing is lost. Arithmetic-coded,
// lossless, 12-bit, CMYK and RGB JPEGs return errDCUnsupported: use the
// full decoder.
func decodeJPEGDC(data []byte) (image.Image, error) {
	d := dcDecoder{data: data}
	if err := d.walk(true); err != nil {
		return nil, err
	}
	return d.image(), nil
}

// readJPEGHeader reads a JPEG's markers up to its frame header: what it
// costs to decode, and whether decodeJPEGDC reads it, without decoding.
func readJPEGHeader(data []byte) (jpegHeader, error) {
	d := dcDecoder{data: data}
	err := d.walk(false)
	return d.jpegHeader, err
}

var (
	errDCUnsupported = errors.New("jpeg: not a JPEG the DC decoder reads")
	errDCTruncated   = errors.New("jpeg: the image data ends early")
	errDCBadData     = errors.New("jpeg: bad Huffman code")
)

// JPEG markers (ITU T.81, table B.1) the DC decoder acts on.
const (
	markerSOF0 = 0xc0 // baseline
	markerSOF1 = 0xc1 // extended sequential, Huffman
	markerSOF2 = 0xc2 // progressive, Huffman
	markerDHT  = 0xc4
	markerEOI  = 0xd9
	markerSOS  = 0xda
	markerDQT  = 0xdb
	markerDRI  = 0xdd
	markerAPP0 = 0xe0 // JFIF
	markerAPPE = 0xee // Adobe
)

// jpegHeader is what a JPEG says about its pixels before its first scan.
type jpegHeader struct {
	sof            byte // the frame's SOFn marker
	precision      int  // bits per sample
	width, height  int
	comps          []dcComponent
	hmax, vmax     int
	mcux, mcuy     int  // MCUs across and down
	jfif           bool // a JFIF APP0 segment: the components are YCbCr
	adobeTransform int  // from an Adobe APP14 segment: 0 RGB or CMYK, 1 YCbCr, 2 YCCK; -1 when none
}

// progressive reports a progressive (SOF2) frame.
func (h *jpegHeader) progressive() bool { return h.sof == markerSOF2 }

// rgb reports components that are R, G and B rather than YCbCr, decided as
// image/jpeg decides it.
func (h *jpegHeader) rgb() bool {
	switch {
	case len(h.comps) != 3 || h.jfif:
		return false
	case h.adobeTransform >= 0:
		return h.adobeTransform == 0
	}
	return h.comps[0].id == 'R' && h.comps[1].id == 'G' && h.comps[2].id == 'B'
}

// dcReadable says whether decodeJPEGDC reads the frame: 8-bit Huffman
// coded, sequential or progressive, grey or YCbCr.
func (h *jpegHeader) dcReadable() error {
	switch {
	case h.sof != markerSOF0 && h.sof != markerSOF1 && h.sof != markerSOF2,
		h.precision != 8,
		len(h.comps) != 1 && len(h.comps) != 3,
		h.rgb(),
		len(h.comps) == 3 && h.adobeTransform > 1:
		return errDCUnsupported
	}
	return nil
}

// fullDecodeBytes is what image/jpeg allocates to decode the picture: a
// byte per sample of every component (padded to whole MCUs), four more
// per sample for a progressive frame (it keeps every coefficient until
// the last scan), and an RGBA or CMYK copy for RGB and four-component
// frames.
func (h *jpegHeader) fullDecodeBytes() int64 {
	var samples int64
	for _, c := range h.comps {
		samples += int64(8*h.mcux*c.h) * int64(8*h.mcuy*c.v)
	}
	n := samples
	if h.progressive() {
		n += 4 * samples
	}
	if len(h.comps) == 4 || h.rgb() {
		n += 4 * int64(h.width) * int64(h.height)
	}
	return n
}

// dcDecodeBytes is what decodeJPEGDC allocates: an int32 per block and the
// one-eighth picture.
func (h *jpegHeader) dcDecodeBytes() int64 {
	var blocks int64
	for _, c := range h.comps {
		blocks += int64(h.mcux*c.h) * int64(h.mcuy*c.v)
	}
	px := int64(ceilDiv(h.width, 8)) * int64(ceilDiv(h.height, 8))
	if len(h.comps) == 3 {
		px *= 4
	}
	return 4*blocks + px + 64<<10 // and the Huffman tables, new for every scan
}

// dcComponent is one colour component of the frame.
type dcComponent struct {
	id, h, v, tq int
	dc, ac       *huffTable // Huffman tables of the current scan
	bw, bh       int        // blocks across and down (whole MCUs)
	plane        []int32    // each block's DC coefficient, quantised
	pred         int
}

type dcDecoder struct {
	jpegHeader
	data    []byte
	quant   [4]int // each table's DC quantiser
	huff    [2][4]*huffTable
	restart int
	scans   int // DC scans decoded
}

// walk reads the JPEG's segments in order. With decode, it decodes every
// DC scan, skips the AC scans and stops at EOI; without, it stops at the
// frame header.
func (d *dcDecoder) walk(decode bool) error {
	data := d.data
	d.adobeTransform = -1
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return errDCUnsupported
	}
	for i := 2; ; {
		m, seg, next, err := segmentAt(data, i)
		if err != nil {
			return err
		}
		switch {
		case m == markerEOI:
			if !decode || d.scans == 0 {
				return errDCUnsupported
			}
			return nil
		case m >= 0xc0 && m <= 0xcf && m != markerDHT && m != 0xc8 && m != 0xcc: // SOFn
			if err := d.frame(m, seg); err != nil || !decode {
				return err
			}
			if err := d.dcReadable(); err != nil {
				return err
			}
			d.allocate()
		case m == markerSOS:
			if !decode || d.comps == nil {
				return errDCUnsupported
			}
			next, err = d.scan(seg, next)
		case m == markerDHT:
			err = d.tables(seg)
		case m == markerDQT:
			err = d.quantisers(seg)
		case m == markerDRI:
			err = d.restartInterval(seg)
		case m == markerAPP0:
			d.jfif = d.jfif || bytes.HasPrefix(seg, []byte("JFIF\x00"))
		case m == markerAPPE:
			if len(seg) >= 12 && bytes.HasPrefix(seg, []byte("Adobe")) {
				d.adobeTransform = int(seg[11])
			}
		}
		if err != nil {
			return err
		}
		i = next
	}
}

// segmentAt reads the marker at data[i] and its payload, and returns where
// the next one starts. Fill bytes are skipped; markers without a payload
// (RSTn, TEM) have none.
func segmentAt(data []byte, i int) (marker byte, seg []byte, next int, err error) {
	for i+2 < len(data) && data[i] == 0xff && data[i+1] == 0xff {
		i++
	}
	if i+2 > len(data) {
		return 0, nil, 0, errDCTruncated
	}
	if data[i] != 0xff {
		return 0, nil, 0, errDCUnsupported
	}
	m := data[i+1]
	if m == 0x01 || m >= 0xd0 && m <= markerEOI {
		return m, nil, i + 2, nil
	}
	if i+4 > len(data) {
		return 0, nil, 0, errDCTruncated
	}
	n := int(binary.BigEndian.Uint16(data[i+2:]))
	if n < 2 || i+2+n > len(data) {
		return 0, nil, 0, errDCTruncated
	}
	return m, data[i+4 : i+2+n], i + 2 + n, nil
}

// frame reads a SOFn header. A one-component frame is non-interleaved by
// definition (T.81 A.2), so its sampling factors count as 1x1, as in
// image/jpeg.
func (d *dcDecoder) frame(m byte, s []byte) error {
	if d.comps != nil || len(s) < 6 {
		return errDCUnsupported
	}
	d.sof, d.precision = m, int(s[0])
	d.height, d.width = int(binary.BigEndian.Uint16(s[1:])), int(binary.BigEndian.Uint16(s[3:]))
	n := int(s[5])
	if n < 1 || n > 4 || len(s) < 6+3*n || d.width == 0 || d.height == 0 || d.width*d.height > MaxPixels {
		return errDCUnsupported
	}
	d.hmax, d.vmax = 1, 1
	for c := range n {
		p := s[6+3*c:]
		comp := dcComponent{id: int(p[0]), h: int(p[1] >> 4), v: int(p[1] & 15), tq: int(p[2])}
		if comp.h < 1 || comp.h > 4 || comp.v < 1 || comp.v > 4 || comp.tq > 3 {
			return errDCUnsupported
		}
		if n == 1 {
			comp.h, comp.v = 1, 1
		}
		d.hmax, d.vmax = max(d.hmax, comp.h), max(d.vmax, comp.v)
		d.comps = append(d.comps, comp)
	}
	d.mcux, d.mcuy = ceilDiv(d.width, 8*d.hmax), ceilDiv(d.height, 8*d.vmax)
	for i := range d.comps {
		c := &d.comps[i]
		c.bw, c.bh = d.mcux*c.h, d.mcuy*c.v
	}
	return nil
}

// allocate makes each component's plane of DC terms.
func (d *dcDecoder) allocate() {
	for i := range d.comps {
		c := &d.comps[i]
		c.plane = make([]int32, c.bw*c.bh)
	}
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

// restartInterval reads DRI.
func (d *dcDecoder) restartInterval(s []byte) error {
	if len(s) < 2 {
		return errDCUnsupported
	}
	d.restart = int(binary.BigEndian.Uint16(s))
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

// scanParams is what a scan header says, in the terms the DC decoder uses.
type scanParams struct {
	comps      []*dcComponent // in the scan's order
	sequential bool           // baseline: every block has its AC terms after the DC term
	refine     bool           // a progressive DC refinement: one more bit per block
	al         uint           // successive approximation: the bit position sent
}

// scan decodes one scan whose entropy-coded data starts at pos (a
// progressive AC scan is skipped) and returns where the data ends.
func (d *dcDecoder) scan(hdr []byte, pos int) (int, error) {
	p, ac, err := d.scanHeader(hdr)
	switch {
	case err != nil:
		return 0, err
	case ac:
		return skipEntropy(d.data, pos)
	}
	br := bitReader{data: d.data, pos: pos}
	if len(p.comps) == 1 {
		err = d.nonInterleaved(&br, p)
	} else {
		err = d.interleaved(&br, p)
	}
	if err != nil {
		return 0, err
	}
	d.scans++
	return skipEntropy(d.data, br.pos)
}

// scanHeader reads SOS. ac is true for a progressive scan of AC terms,
// which the DC decoder skips.
func (d *dcDecoder) scanHeader(s []byte) (p scanParams, ac bool, err error) {
	if len(s) < 1 {
		return p, false, errDCUnsupported
	}
	n := int(s[0])
	if n < 1 || n > len(d.comps) || len(s) < 1+2*n+3 {
		return p, false, errDCUnsupported
	}
	ss, se, ah, al := s[1+2*n], s[2+2*n], s[3+2*n]>>4, s[3+2*n]&15
	if d.progressive() {
		if ss != 0 {
			return p, true, nil
		}
		if se != 0 || al > 13 {
			return p, false, errDCUnsupported
		}
		p.refine, p.al = ah != 0, uint(al)
	} else {
		p.sequential = true
	}
	for i := range n {
		c := d.component(int(s[1+2*i]))
		if c == nil {
			return p, false, errDCUnsupported
		}
		td, ta := s[2+2*i]>>4, s[2+2*i]&15
		if td > 3 || ta > 3 {
			return p, false, errDCUnsupported
		}
		c.dc, c.ac, c.pred = d.huff[0][td], d.huff[1][ta], 0
		if !p.refine && c.dc == nil || p.sequential && c.ac == nil {
			return p, false, errDCUnsupported
		}
		p.comps = append(p.comps, c)
	}
	return p, false, nil
}

// component finds a frame component by its id.
func (d *dcDecoder) component(id int) *dcComponent {
	for i := range d.comps {
		if d.comps[i].id == id {
			return &d.comps[i]
		}
	}
	return nil
}

// interleaved reads a scan of several components MCU by MCU, each MCU
// holding h x v blocks of every component.
func (d *dcDecoder) interleaved(br *bitReader, p scanParams) error {
	mcus := d.mcux * d.mcuy
	for m := 0; m < mcus; m++ {
		if err := d.restartAt(br, m, p); err != nil {
			return err
		}
		mx, my := m%d.mcux, m/d.mcux
		for _, c := range p.comps {
			for by := range c.v {
				for bx := range c.h {
					if err := d.block(br, c, (my*c.v+by)*c.bw+mx*c.h+bx, p); err != nil {
						return err
					}
				}
			}
		}
		if br.err != nil {
			return br.err
		}
	}
	return nil
}

// nonInterleaved reads a scan of one component block by block, in raster
// order over the component's own size (T.81 A.2.2), which stops short of
// the padded MCU grid when the component is subsampled less than the frame.
func (d *dcDecoder) nonInterleaved(br *bitReader, p scanParams) error {
	c := p.comps[0]
	cw := ceilDiv(ceilDiv(d.width*c.h, d.hmax), 8)
	ch := ceilDiv(ceilDiv(d.height*c.v, d.vmax), 8)
	for b := 0; b < cw*ch; b++ {
		if err := d.restartAt(br, b, p); err != nil {
			return err
		}
		if err := d.block(br, c, (b/cw)*c.bw+b%cw, p); err != nil {
			return err
		}
		if br.err != nil {
			return br.err
		}
	}
	return nil
}

// restartAt moves past the RSTn marker due before unit u, if any, and
// resets the DC predictions.
func (d *dcDecoder) restartAt(br *bitReader, u int, p scanParams) error {
	if d.restart == 0 || u == 0 || u%d.restart != 0 {
		return nil
	}
	if err := br.restart(); err != nil {
		return err
	}
	for _, c := range p.comps {
		c.pred = 0
	}
	return nil
}

// block reads one block's DC term into c.plane[at] (and reads past its AC
// terms in a sequential scan).
func (d *dcDecoder) block(br *bitReader, c *dcComponent, at int, p scanParams) error {
	if p.refine {
		if br.bits(1) != 0 {
			c.plane[at] |= 1 << p.al
		}
		return nil
	}
	t, err := br.decode(c.dc)
	if err != nil {
		return err
	}
	if t > 16 {
		return errDCBadData
	}
	c.pred += br.receiveExtend(t)
	c.plane[at] = int32(c.pred) << p.al
	if p.sequential {
		return br.skipAC(c.ac)
	}
	return nil
}

// skipEntropy returns where the entropy-coded data from i ends: at the
// next marker that is neither a stuffed 0xFF00 nor RSTn.
func skipEntropy(data []byte, i int) (int, error) {
	for {
		j := bytes.IndexByte(data[i:], 0xff)
		if j < 0 || i+j+1 >= len(data) {
			return 0, errDCTruncated
		}
		i += j
		switch m := data[i+1]; {
		case m == 0x00, m >= 0xd0 && m <= 0xd7:
			i += 2
		case m == 0xff:
			i++
		default:
			return i, nil
		}
	}
}

// image assembles the one-eighth picture: each block's mean is
// 128 + DC x quantiser / 8.
func (d *dcDecoder) image() image.Image {
	w, h := ceilDiv(d.width, 8), ceilDiv(d.height, 8)
	mean := func(c *dcComponent, i int) uint8 {
		return uint8(max(0, min(255, 128+(int(c.plane[i])*d.quant[c.tq]+4)>>3)))
	}
	if len(d.comps) == 1 {
		g := image.NewGray(image.Rect(0, 0, w, h))
		c := &d.comps[0]
		for y := range h {
			for x := range w {
				g.Pix[y*g.Stride+x] = mean(c, y*c.bw+x)
			}
		}
		return g
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	y, cb, cr := &d.comps[0], &d.comps[1], &d.comps[2]
	for py := range h {
		row := img.Pix[py*img.Stride:]
		for px := range w {
			at := func(c *dcComponent) uint8 {
				return mean(c, (py*c.v/d.vmax)*c.bw+px*c.h/d.hmax)
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
	return 0, errDCBadData
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
