package imagemeta

// gpsRef is a GPSInfo entry: where it sits and where it points.
type gpsRef struct {
	ifd   ifd    // the IFD that holds the entry
	index int    // the entry's index in that IFD
	off   uint32 // the GPS IFD's offset
}

// scan is what a walk of an EXIF block found: the bytes every IFD other
// than GPS uses (keep), the GPSInfo entries, and the first problem met
// below IFD0 (harmless unless GPS data is to be removed).
type scan struct {
	t     *tiff
	keep  []span
	gps   []gpsRef
	seen  map[uint32]bool
	doubt error
}

// scanTIFF walks every IFD of a block reachable from IFD0. An unreadable
// IFD0 is an error; a problem further down is kept in doubt.
func scanTIFF(b []byte) (*scan, error) {
	t, ifd0, err := parseTIFF(b)
	if err != nil {
		return nil, err
	}
	s := &scan{t: t, keep: []span{{0, 8}}, seen: map[uint32]bool{}}
	first, err := t.readIFD(ifd0)
	if err != nil {
		return nil, err
	}
	s.visit(first, 0)
	next := first.next
	for next != 0 {
		d, err := s.open(next)
		if err != nil {
			s.note(err)
			break
		}
		s.visit(d, 0)
		next = d.next
	}
	return s, nil
}

// open reads an IFD not seen before.
func (s *scan) open(off uint32) (ifd, error) {
	if s.seen[off] {
		return ifd{}, malformed("IFD at offset %d is reached twice", off)
	}
	if len(s.seen) >= maxIFDs {
		return ifd{}, malformed("more than %d IFDs", maxIFDs)
	}
	return s.t.readIFD(off)
}

// note keeps the first problem found below IFD0.
func (s *scan) note(err error) {
	if s.doubt == nil {
		s.doubt = err
	}
}

// visit records an IFD's table and values and follows its sub-IFDs.
func (s *scan) visit(d ifd, depth int) {
	s.seen[uint32(d.off)] = true
	s.keep = append(s.keep, span{d.off, d.end})
	for i, e := range d.entries {
		if v, out, known, in := s.t.value(e); out && known && in {
			s.keep = append(s.keep, v)
		}
		switch e.tag {
		case tagGPSIFD:
			s.gpsEntry(d, i, e)
		case tagExifIFD, tagInteropIFD, tagSubIFDs:
			s.follow(e, depth)
		}
	}
	s.keepData(d, tagThumbOffset, tagThumbLength)
	s.keepData(d, tagStripOffset, tagStripLength)
	s.keepData(d, tagTileOffset, tagTileLength)
}

// gpsEntry records a GPSInfo entry, which must hold one offset.
func (s *scan) gpsEntry(d ifd, i int, e entry) {
	v, ok := s.t.uints(e)
	if !ok || len(v) != 1 || e.typ == 3 {
		s.gps = append(s.gps, gpsRef{ifd: d, index: i, off: 0})
		s.note(malformed("GPSInfo entry is not one offset"))
		return
	}
	s.gps = append(s.gps, gpsRef{ifd: d, index: i, off: v[0]})
}

// follow walks the IFDs an entry points at.
func (s *scan) follow(e entry, depth int) {
	offs, ok := s.t.uints(e)
	if !ok || e.typ == 3 {
		s.note(malformed("entry %#04x is not an IFD offset", e.tag))
		return
	}
	if depth+1 > maxIFDDepth {
		s.note(malformed("IFDs nested too deep"))
		return
	}
	for _, off := range offs {
		d, err := s.open(off)
		if err != nil {
			s.note(err)
			continue
		}
		s.visit(d, depth+1)
	}
}

// keepData records the data runs an offsets/lengths pair of entries
// describes (a thumbnail, strips or tiles).
func (s *scan) keepData(d ifd, offTag, lenTag uint16) {
	var offs, lens []uint32
	var okO, okL, haveO bool
	for _, e := range d.entries {
		switch e.tag {
		case offTag:
			offs, okO = s.t.uints(e)
			haveO = true
		case lenTag:
			lens, okL = s.t.uints(e)
		}
	}
	if !haveO {
		return
	}
	if !okO || !okL || len(offs) != len(lens) {
		s.note(malformed("image data offsets %#04x without matching lengths", offTag))
		return
	}
	for i, off := range offs {
		end := uint64(off) + uint64(lens[i])
		if end > uint64(len(s.t.b)) {
			end = uint64(len(s.t.b)) // data outside the block is not ours to touch
		}
		if uint64(off) < end {
			s.keep = append(s.keep, span{int(off), int(end)})
		}
	}
}
