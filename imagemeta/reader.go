package imagemeta

import (
	"io"
	"sort"
)

// segment is a run of the edited file: bytes of the original at src, or
// the bytes of an edit.
type segment struct {
	at   int64 // offset in the edited file
	n    int64
	src  int64  // offset in the original, when data is nil
	data []byte // an edit's bytes
}

// editedReader reads the original file with edits laid over it.
type editedReader struct {
	r    io.ReaderAt
	segs []segment
}

// newEditedReader lays sorted, non-overlapping edits over a file of size
// bytes.
func newEditedReader(r io.ReaderAt, size int64, edits []edit) *editedReader {
	e := &editedReader{r: r}
	at, from := int64(0), int64(0)
	add := func(s segment) {
		if s.n > 0 {
			s.at = at
			e.segs = append(e.segs, s)
			at += s.n
		}
	}
	for _, ed := range edits {
		add(segment{n: ed.off - from, src: from})
		add(segment{n: int64(len(ed.data)), data: ed.data})
		from = ed.off + ed.n
	}
	add(segment{n: size - from, src: from})
	return e
}

// ReadAt reads len(b) bytes of the edited file at off.
func (e *editedReader) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, io.ErrUnexpectedEOF
	}
	i := sort.Search(len(e.segs), func(i int) bool { return e.segs[i].at+e.segs[i].n > off })
	done := 0
	for ; i < len(e.segs) && done < len(b); i++ {
		s := e.segs[i]
		skip := off + int64(done) - s.at
		want := b[done:min(int64(len(b)), int64(done)+s.n-skip)]
		if s.data != nil {
			done += copy(want, s.data[skip:])
			continue
		}
		n, err := e.r.ReadAt(want, s.src+skip)
		done += n
		if n < len(want) {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return done, err
		}
	}
	if done < len(b) {
		return done, io.EOF
	}
	return done, nil
}
