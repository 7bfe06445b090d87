package imagemeta

import "encoding/binary"

// heifBlocks finds the Exif and XMP items of a HEIF (HEIC, AVIF) file:
// the meta box's item list names them, its item locations say where
// their bytes are (in the file or in the meta box's idat).
func heifBlocks(src source) ([]block, error) {
	metaOff, metaLen, err := findBox(src, 0, src.size, "meta")
	if err != nil {
		return nil, err
	}
	meta, err := src.read(metaOff, metaLen, "HEIF meta box")
	if err != nil {
		return nil, err
	}
	if len(meta) < 4 {
		return nil, truncated("HEIF meta box")
	}
	kids := childBoxes(meta[4:], metaOff+4) // after version and flags
	items, err := heifItems(kids["iinf"].data)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	return heifLocations(kids["iloc"].data, items, kids["idat"])
}

// box is a child box's payload and where it starts in the file.
type box struct {
	data []byte
	off  int64
}

// findBox finds the first box of a type among the boxes in [from, to) of
// the file and returns where its payload is.
func findBox(src source, from, to int64, typ string) (int64, int64, error) {
	for pos := from; pos+8 <= to; {
		h, err := src.read(pos, 8, "HEIF box")
		if err != nil {
			return 0, 0, err
		}
		size, head := int64(binary.BigEndian.Uint32(h)), int64(8)
		switch size {
		case 0:
			size = to - pos
		case 1:
			l, err := src.read(pos+8, 8, "HEIF box")
			if err != nil {
				return 0, 0, err
			}
			size, head = int64(binary.BigEndian.Uint64(l)), 16
		}
		if size < head || size > to-pos {
			return 0, 0, malformed("HEIF box %q has size %d", h[4:], size)
		}
		if string(h[4:]) == typ {
			return pos + head, size - head, nil
		}
		pos += size
	}
	return 0, 0, truncated("HEIF file without a " + typ + " box")
}

// childBoxes indexes the boxes in b (the first of each type); base is b's
// offset in the file.
func childBoxes(b []byte, base int64) map[string]box {
	out := map[string]box{}
	for pos := 0; pos+8 <= len(b); {
		size, head := int(binary.BigEndian.Uint32(b[pos:])), 8
		if size == 1 && pos+16 <= len(b) {
			size, head = int(min(binary.BigEndian.Uint64(b[pos+8:]), uint64(len(b)))), 16
		}
		if size == 0 {
			size = len(b) - pos
		}
		if size < head || pos+size > len(b) {
			break
		}
		if typ := string(b[pos+4 : pos+8]); out[typ].data == nil {
			out[typ] = box{data: b[pos+head : pos+size], off: base + int64(pos+head)}
		}
		pos += size
	}
	return out
}

// heifItems reads the item list and returns the Exif and XMP items.
func heifItems(iinf []byte) (map[uint32]blockKind, error) {
	r := &fields{b: iinf}
	version := r.u8()
	r.skip(3)
	count := r.u32If(version != 0)
	items := map[uint32]blockKind{}
	for i := uint32(0); i < count && r.ok(); i++ {
		size := r.u32()
		if r.str(4) != "infe" || size < 8 {
			return nil, malformed("HEIF item list has a bad entry")
		}
		entry := &fields{b: r.take(int(size) - 8)}
		if id, kind, ok := heifItem(entry); ok {
			items[id] = kind
		}
	}
	if !r.ok() {
		return nil, truncated("HEIF item list")
	}
	return items, nil
}

// heifItem reads one item entry (version 2 or 3) and says whether it is
// Exif or XMP.
func heifItem(r *fields) (uint32, blockKind, bool) {
	version := r.u8()
	r.skip(3)
	if version < 2 {
		return 0, 0, false
	}
	id := r.u32If(version == 3)
	r.skip(2) // protection index
	switch r.str(4) {
	case "Exif":
		return id, blockEXIFItem, r.ok()
	case "mime":
		r.cstr() // item name
		return id, blockXMP, r.ok() && r.cstr() == "application/rdf+xml"
	}
	return 0, 0, false
}
