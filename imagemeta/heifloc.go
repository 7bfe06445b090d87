package imagemeta

// heifLocations reads the item locations and returns a block for each
// Exif or XMP item. idat is the meta box's idat box, if any.
func heifLocations(iloc []byte, items map[uint32]blockKind, idat box) ([]block, error) {
	r := &fields{b: iloc}
	version := r.u8()
	r.skip(3)
	sizes := r.u16()
	offSize, lenSize := int(sizes>>12), int(sizes>>8&15)
	baseSize, indexSize := int(sizes>>4&15), int(sizes&15)
	if version == 0 {
		indexSize = 0
	}
	count := r.u32If(version == 2)
	var blocks []block
	for i := uint32(0); i < count && r.ok(); i++ {
		id := r.u32If(version == 2)
		method := uint16(0)
		if version >= 1 {
			method = r.u16() & 15
		}
		ref := r.u16()
		base := r.uN(baseSize)
		var pieces []piece
		for range r.u16() {
			r.uN(indexSize)
			off, n := r.uN(offSize), r.uN(lenSize)
			pieces = append(pieces, piece{int64(base + off), int64(n)})
		}
		kind, wanted := items[id]
		if !wanted || !r.ok() {
			continue
		}
		b, err := heifBlock(kind, method, ref, pieces, idat)
		if err != nil {
			return nil, err
		}
		blocks = append(blocks, b)
	}
	if !r.ok() {
		return nil, truncated("HEIF item locations")
	}
	return blocks, nil
}

// heifBlock checks where an item's bytes are and returns its block.
func heifBlock(kind blockKind, method, ref uint16, pieces []piece, idat box) (block, error) {
	switch {
	case ref != 0:
		return block{}, unsupported("HEIF metadata item in another file")
	case method == 1 && idat.data == nil:
		return block{}, malformed("HEIF item in an idat box that is missing")
	case method > 1:
		return block{}, unsupported("HEIF metadata item built from other items")
	case len(pieces) == 0:
		return block{}, malformed("HEIF metadata item without extents")
	}
	for i, p := range pieces {
		if p.n <= 0 || p.off < 0 {
			return block{}, unsupported("HEIF metadata item with an open-ended extent")
		}
		if method == 1 {
			if p.off+p.n > int64(len(idat.data)) || p.off+p.n < 0 {
				return block{}, malformed("HEIF metadata item runs past its idat box")
			}
			pieces[i].off += idat.off
		}
	}
	return block{kind: kind, pieces: pieces}, nil
}
