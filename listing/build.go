package listing

import (
	"bytes"
	"encoding/hex"
	"strings"
	"time"
)

// Builder gathers the objects of one page: Begin starts an object and the
// setters fill it in, in any order, as a listing's fields arrive (or Add
// takes one whole). Finish copies the page out. The zero value is ready to
// use; Reset empties it and keeps its buffers for the next page. A Builder
// is not safe for concurrent use.
type Builder struct {
	keys  []byte   // the keys as added, back to back
	ends  []uint32 // where each key ends in keys
	sizes []int64
	times []int64
	tags  [][16]byte
	md5   []bool
	odd   oddities
	spare []byte // the other key buffer, for Rewrite
	// keptSizes and keptTimes are those of the objects Finish keeps.
	keptSizes, keptTimes []int64
}

// Reset empties the builder, keeping its buffers.
func (b *Builder) Reset() {
	b.keys, b.ends, b.sizes, b.times = b.keys[:0], b.ends[:0], b.sizes[:0], b.times[:0]
	b.tags, b.md5 = b.tags[:0], b.md5[:0]
	clear(b.odd.tags)
	clear(b.odd.times)
}

// Len is the number of objects added since the last Reset.
func (b *Builder) Len() int { return len(b.ends) }

// Begin starts the next object: an empty key, size 0, no time, no ETag.
func (b *Builder) Begin() {
	b.ends = append(b.ends, uint32(len(b.keys)))
	b.sizes = append(b.sizes, 0)
	b.times = append(b.times, noTime)
	b.tags = append(b.tags, [16]byte{})
	b.md5 = append(b.md5, false)
}

// last is the index of the object being filled in.
func (b *Builder) last() int { return len(b.ends) - 1 }

// keyStart is where the key of the last object starts.
func (b *Builder) keyStart() int {
	if n := len(b.ends); n > 1 {
		return int(b.ends[n-2])
	}
	return 0
}

// SetKey sets the key of the object begun last (replacing one set before).
func (b *Builder) SetKey(key []byte) {
	b.keys = append(b.keys[:b.keyStart()], key...)
	b.ends[b.last()] = uint32(len(b.keys))
}

// SetSize sets the size of the object begun last.
func (b *Builder) SetSize(n int64) { b.sizes[b.last()] = n }

// SetTime sets the last-modified time of the object begun last.
func (b *Builder) SetTime(t time.Time) {
	i := b.last()
	delete(b.odd.times, int32(i))
	switch {
	case t.IsZero():
		b.times[i] = noTime
	case t.Year() >= 1680 && t.Year() < 2260: // inside Unix nanoseconds
		b.times[i] = t.UnixNano()
	default:
		b.times[i] = noTime
		if b.odd.times == nil {
			b.odd.times = map[int32]time.Time{}
		}
		b.odd.times[int32(i)] = t
	}
}

// SetETag sets the ETag of the object begun last, exactly as sent. A
// quoted MD5 in lower-case hex ("9e10...") is kept in 16 bytes; any other
// ETag (multipart, upper case, none) as it is.
func (b *Builder) SetETag(tag []byte) {
	i := b.last()
	delete(b.odd.tags, int32(i))
	b.md5[i] = quotedMD5(tag, &b.tags[i])
	if !b.md5[i] && len(tag) > 0 {
		if b.odd.tags == nil {
			b.odd.tags = map[int32]string{}
		}
		b.odd.tags[int32(i)] = string(tag)
	}
}

// quotedMD5 decodes a quoted lower-case hex MD5 into sum.
func quotedMD5(tag []byte, sum *[16]byte) bool {
	if len(tag) != 34 || tag[0] != '"' || tag[33] != '"' {
		return false
	}
	for _, c := range tag[1:33] {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false // upper case would not come back the same
		}
	}
	_, err := hex.Decode(sum[:], tag[1:33])
	return err == nil
}

// Add adds one object whole.
func (b *Builder) Add(key string, size int64, mod time.Time, etag string) {
	b.Begin()
	b.keys = append(b.keys, key...)
	b.ends[b.last()] = uint32(len(b.keys))
	b.SetSize(size)
	b.SetTime(mod)
	if etag != "" {
		b.SetETag([]byte(etag))
	}
}

// Rewrite replaces every key added with f(dst, key), which must append
// the new key to dst and return it (a URL decoder, say).
func (b *Builder) Rewrite(f func(dst, key []byte) []byte) {
	out, from := b.spare[:0], 0
	for i, to := range b.ends {
		out = f(out, b.keys[from:to])
		from, b.ends[i] = int(to), uint32(len(out))
	}
	b.keys, b.spare = out, b.keys
}

// Finish copies the objects into a Page of exactly their size, storing
// each key without prefix. A key equal to a non-empty prefix (the
// folder's own marker object) is left out. image tells, from its whole
// key, which objects get the image flag. The builder can be Reset and
// used again.
func (b *Builder) Finish(prefix string, image func(key []byte) bool) *Page {
	n, size := b.kept(prefix)
	p := &Page{prefix: prefix, names: make([]byte, 0, size), ends: make([]uint32, 0, n),
		images: make(bitset, words(n)), md5: make(bitset, words(n))}
	b.keptSizes, b.keptTimes = b.keptSizes[:0], b.keptTimes[:0]
	pre := []byte(prefix)
	lowered := false
	from := 0
	for i, to := range b.ends {
		key := b.keys[from:to]
		from = int(to)
		if prefix != "" && string(key) == prefix {
			continue
		}
		j := len(p.ends)
		name, ok := bytes.CutPrefix(key, pre)
		if !ok {
			p.whole.set(j)
		}
		p.names = append(p.names, name...)
		p.ends = append(p.ends, uint32(len(p.names)))
		if image != nil && image(key) {
			p.images.set(j)
		}
		lowered = lowered || !isLower(name)
		b.copyFields(p, i, j, n)
	}
	p.sizes = newColumn(b.keptSizes, 1, -1)
	p.times = newColumn(b.keptTimes, int64(time.Second), noTime)
	if lowered {
		p.lower, p.lowerEnds = lowerAll(p.names, p.ends)
	}
	return p
}

// kept counts the objects Finish keeps and the bytes of their names.
func (b *Builder) kept(prefix string) (n, size int) {
	pre, from := []byte(prefix), 0
	for _, to := range b.ends {
		key := b.keys[from:to]
		from = int(to)
		if prefix != "" && string(key) == prefix {
			continue
		}
		n++
		size += len(key)
		if bytes.HasPrefix(key, pre) {
			size -= len(prefix)
		}
	}
	return n, size
}

// copyFields copies object i's size, time and ETag to object j of p (of n).
func (b *Builder) copyFields(p *Page, i, j, n int) {
	b.keptSizes = append(b.keptSizes, b.sizes[i])
	b.keptTimes = append(b.keptTimes, b.times[i])
	if b.md5[i] {
		if p.tags == nil {
			p.tags = make([][16]byte, n)
		}
		p.tags[j] = b.tags[i]
		p.md5.set(j)
	}
	if t, ok := b.odd.tags[int32(i)]; ok {
		p.oddities().tags[int32(j)] = t
	}
	if t, ok := b.odd.times[int32(i)]; ok {
		p.oddities().times[int32(j)] = t
	}
}

// oddities returns the page's rare values, made on first use.
func (p *Page) oddities() *oddities {
	if p.odd == nil {
		p.odd = &oddities{tags: map[int32]string{}, times: map[int32]time.Time{}}
	}
	return p.odd
}

// words is the number of 64-bit words n bits take.
func words(n int) int { return (n + 63) / 64 }

// isLower reports whether name is its own lower case (strings.ToLower).
func isLower(name []byte) bool {
	for _, c := range name {
		if c >= 0x80 {
			return string(name) == strings.ToLower(string(name))
		}
		if 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// lowerAll lower-cases every name as strings.ToLower does.
func lowerAll(names []byte, ends []uint32) ([]byte, []uint32) {
	lower := make([]byte, 0, len(names))
	lowerEnds := make([]uint32, len(ends))
	from := 0
	for i, to := range ends {
		name := names[from:to]
		from = int(to)
		if isLower(name) {
			lower = append(lower, name...)
		} else {
			lower = append(lower, strings.ToLower(string(name))...)
		}
		lowerEnds[i] = uint32(len(lower))
	}
	return lower, lowerEnds
}
