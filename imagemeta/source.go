package imagemeta

import (
	"errors"
	"io"
)

// maxBlock is the largest metadata block (an EXIF or XMP payload) read into
// memory. Real ones are at most a few hundred KiB; JPEG caps a segment at
// 64 KiB.
const maxBlock = 16 << 20

// source reads the parts of a file that hold metadata.
type source struct {
	r    io.ReaderAt
	size int64
}

// read returns n bytes at off, or a truncation error naming what.
func (s source) read(off, n int64, what string) ([]byte, error) {
	if off < 0 || n < 0 || off > s.size || n > s.size-off {
		return nil, truncated(what)
	}
	if n > maxBlock {
		return nil, tooLarge(what, n)
	}
	b := make([]byte, n)
	m, err := s.r.ReadAt(b, off)
	switch {
	case m == len(b):
		return b, nil
	case err == nil, errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, truncated(what)
	}
	return nil, err
}

// piece is a run of file bytes that is part of a metadata block.
type piece struct{ off, n int64 }

// edit replaces n bytes of the file at off with data. Most edits keep
// the length (len(data) == n); a PNG chunk may grow, shrink or go.
type edit struct {
	off, n int64
	data   []byte
}

// diffEdits returns same-length edits for the bytes that differ between
// orig and edited, a block read from pieces laid end to end.
func diffEdits(pieces []piece, orig, edited []byte) []edit {
	var out []edit
	at := int64(0)
	for _, p := range pieces {
		a, b := orig[at:at+p.n], edited[at:at+p.n]
		for i := 0; i < len(a); {
			if a[i] == b[i] {
				i++
				continue
			}
			j := i
			for j < len(a) && a[j] != b[j] {
				j++
			}
			out = append(out, edit{off: p.off + int64(i), n: int64(j - i), data: append([]byte(nil), b[i:j]...)})
			i = j
		}
		at += p.n
	}
	return out
}
