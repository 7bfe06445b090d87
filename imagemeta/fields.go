package imagemeta

import (
	"bytes"
	"encoding/binary"
)

// fields reads big-endian fields from a box; reading past the end sets
// bad and returns zeros.
type fields struct {
	b   []byte
	bad bool
}

// ok reports whether every read so far was within the box.
func (r *fields) ok() bool { return !r.bad }

// take returns the next n bytes.
func (r *fields) take(n int) []byte {
	if r.bad || n < 0 || n > len(r.b) {
		r.bad = true
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

// skip passes over n bytes.
func (r *fields) skip(n int) { r.take(n) }

// u8 reads one byte.
func (r *fields) u8() uint8 {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

// u16 reads two bytes.
func (r *fields) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

// u32 reads four bytes.
func (r *fields) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

// u32If reads four bytes when wide, else two.
func (r *fields) u32If(wide bool) uint32 {
	if wide {
		return r.u32()
	}
	return uint32(r.u16())
}

// uN reads an unsigned number of n bytes (0, 4 or 8).
func (r *fields) uN(n int) uint64 {
	switch n {
	case 0:
		return 0
	case 4:
		return uint64(r.u32())
	case 8:
		if b := r.take(8); b != nil {
			return binary.BigEndian.Uint64(b)
		}
		return 0
	}
	r.bad = true
	return 0
}

// str reads n bytes as a string.
func (r *fields) str(n int) string { return string(r.take(n)) }

// cstr reads a NUL-terminated string (without its NUL).
func (r *fields) cstr() string {
	i := bytes.IndexByte(r.b, 0)
	if i < 0 {
		r.bad = true
		return ""
	}
	s := string(r.b[:i])
	r.b = r.b[i+1:]
	return s
}
