package listing

import (
	"encoding/hex"
	"math"
	"math/bits"
	"time"
)

// Page is one page of a listing, held compactly. A Builder makes it; it
// does not change afterwards, but for DropETags before it is shared.
// Indexes run from 0 to Len()-1, in the order the objects were added.
type Page struct {
	start  int        // the index of its first object in the Pages holding it
	prefix string     // the folder prefix the keys share, stored once
	names  []byte     // the names (keys without the prefix), back to back
	ends   []uint32   // ends[i] is where name i ends in names
	sizes  column     // bytes
	times  column     // Unix nanoseconds, or noTime (see oddities)
	tags   [][16]byte // the MD5 of each ETag in md5; nil when no object has one
	images bitset     // the objects the image test passed
	md5    bitset     // tags[i] is the object's ETag
	whole  bitset     // names that are whole keys: they lacked the prefix; nil normally
	// lower holds every name lower-cased, ending at lowerEnds, when one of
	// them is not its own lower case; nil otherwise (the names serve).
	lower     []byte
	lowerEnds []uint32
	odd       *oddities // nil normally
}

// oddities are values too rare to deserve a column: ETags that are not a
// quoted MD5, and times out of the range of Unix nanoseconds.
type oddities struct {
	tags  map[int32]string
	times map[int32]time.Time
}

// noTime marks a time that is zero, or kept in oddities.
const noTime = math.MinInt64

// Len is the number of objects on the page.
func (p *Page) Len() int { return len(p.ends) }

// span is where name i lies in names (or lower, with its ends).
func span(ends []uint32, i int) (int, int) {
	if i == 0 {
		return 0, int(ends[0])
	}
	return int(ends[i-1]), int(ends[i])
}

// name is name i, in place: callers must not keep or change it.
func (p *Page) name(i int) []byte {
	from, to := span(p.ends, i)
	return p.names[from:to]
}

// Name is the name of object i: its key without the folder prefix (the
// whole key, in the odd case that it did not start with the prefix).
func (p *Page) Name(i int) string { return string(p.name(i)) }

// Key is the full key of object i.
func (p *Page) Key(i int) string {
	if p.whole.get(i) {
		return string(p.name(i))
	}
	return p.prefix + string(p.name(i))
}

// AppendKey appends the full key of object i to dst, for a look-up that
// needs no string of its own.
func (p *Page) AppendKey(dst []byte, i int) []byte {
	if !p.whole.get(i) {
		dst = append(dst, p.prefix...)
	}
	return append(dst, p.name(i)...)
}

// Size is the size of object i in bytes.
func (p *Page) Size(i int) int64 { return p.sizes.get(i) }

// LastModified is when object i was last modified, in UTC.
func (p *Page) LastModified(i int) time.Time {
	if n := p.times.get(i); n != noTime {
		return time.Unix(0, n).UTC()
	}
	if p.odd != nil {
		return p.odd.times[int32(i)]
	}
	return time.Time{}
}

// ETag is the ETag of object i, as the server sent it ("" for none).
func (p *Page) ETag(i int) string {
	if p.md5.get(i) {
		var b [34]byte
		b[0], b[33] = '"', '"'
		hex.Encode(b[1:33], p.tags[i][:])
		return string(b[:])
	}
	if p.odd != nil {
		return p.odd.tags[int32(i)]
	}
	return ""
}

// DropETags forgets the page's ETags, for a holder with no use for them:
// 16 bytes an object. ETag answers "" for every object afterwards.
func (p *Page) DropETags() {
	p.tags, p.md5 = nil, nil
	if p.odd == nil {
		return
	}
	p.odd.tags = nil
	if len(p.odd.times) == 0 {
		p.odd = nil
	}
}

// Image reports whether object i passed the image test it was built with.
func (p *Page) Image(i int) bool { return p.images.get(i) }

// Images is the number of objects that passed the image test.
func (p *Page) Images() int { return p.images.count() }

// folded returns the lower-cased names and their ends.
func (p *Page) folded() ([]byte, []uint32) {
	if p.lower != nil {
		return p.lower, p.lowerEnds
	}
	return p.names, p.ends
}

// bitset is one bit per object.
type bitset []uint64

// get reports bit i; a nil set has none.
func (s bitset) get(i int) bool {
	w := i >> 6
	return w < len(s) && s[w]&(1<<(i&63)) != 0
}

// set turns bit i on, growing the set.
func (s *bitset) set(i int) {
	w := i >> 6
	for len(*s) <= w {
		*s = append(*s, 0)
	}
	(*s)[w] |= 1 << (i & 63)
}

// count is the number of bits on.
func (s bitset) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}
