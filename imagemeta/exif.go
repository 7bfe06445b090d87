package imagemeta

// gpsFound is what the GPS parts of one metadata block held.
type gpsFound struct {
	refs int       // GPSInfo entries (EXIF) or GPS properties (XMP)
	tags int       // GPS tags in the GPS IFDs
	pos  *Position // the first readable position, if any
}

// add merges another block's findings.
func (g *gpsFound) add(o gpsFound) {
	g.refs += o.refs
	g.tags += o.tags
	if g.pos == nil {
		g.pos = o.pos
	}
}

// exifGPS reads the GPS data of an EXIF block without changing it. A GPS
// IFD that cannot be read still counts as found.
func exifGPS(b []byte) (gpsFound, error) {
	s, err := scanTIFF(b)
	if err != nil {
		return gpsFound{}, err
	}
	var f gpsFound
	for _, r := range s.gps {
		f.refs++
		if r.off == 0 {
			continue
		}
		if g, err := s.t.readGPS(r.off); err == nil {
			f.add(gpsFound{tags: g.tags, pos: g.pos})
		}
	}
	return f, nil
}

// stripEXIF removes the GPS data of an EXIF block in place: the GPSInfo
// entries leave their IFDs and the GPS IFDs with their values become
// zeros. It changes nothing and returns an error when that could touch
// bytes other metadata uses or leave GPS data behind.
func stripEXIF(b []byte) (gpsFound, error) {
	s, err := scanTIFF(b)
	if err != nil || len(s.gps) == 0 {
		return gpsFound{}, err
	}
	if s.doubt != nil {
		return gpsFound{}, s.doubt
	}
	var f gpsFound
	var zero []span
	done := map[uint32]bool{}
	for _, r := range s.gps {
		f.refs++
		if r.off == 0 || done[r.off] {
			continue
		}
		done[r.off] = true
		g, err := s.t.readGPS(r.off)
		if err != nil {
			return gpsFound{}, err
		}
		f.add(gpsFound{tags: g.tags, pos: g.pos})
		zero = append(zero, g.spans...)
	}
	for _, z := range zero {
		for _, k := range s.keep {
			if z.overlaps(k) {
				return gpsFound{}, malformed("GPS data shares bytes with other EXIF data")
			}
		}
	}
	for _, z := range zero {
		clear(b[z.off:z.end])
	}
	s.dropGPSEntries()
	return f, nil
}

// dropGPSEntries takes the GPSInfo entries out of their IFDs: the other
// entries move up, the count drops, the next-IFD offset follows them, and
// the freed tail of the table becomes zeros. Nothing else moves.
func (s *scan) dropGPSEntries() {
	drop := map[int]map[int]bool{}
	tables := map[int]ifd{}
	for _, r := range s.gps {
		if drop[r.ifd.off] == nil {
			drop[r.ifd.off] = map[int]bool{}
		}
		drop[r.ifd.off][r.index] = true
		tables[r.ifd.off] = r.ifd
	}
	for off, d := range tables {
		s.t.rewriteIFD(d, drop[off])
	}
}

// rewriteIFD writes an IFD's table again without the entries in drop.
func (t *tiff) rewriteIFD(d ifd, drop map[int]bool) {
	var kept []byte
	for i, e := range d.entries {
		if !drop[i] {
			kept = append(kept, t.b[e.at:e.at+12]...)
		}
	}
	w := d.off
	t.bo.PutUint16(t.b[w:], uint16(len(kept)/12))
	w += 2 + copy(t.b[w+2:], kept)
	t.bo.PutUint32(t.b[w:], d.next)
	clear(t.b[w+4 : d.end])
}
