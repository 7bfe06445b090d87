package listing

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// Filtering tests names as strings.Contains(strings.ToLower(name), q)
// would, without making a string. The lower-cased names of a page are one
// byte run, searched as a whole sixteen positions at a time: a position is
// a candidate when it holds the first byte of q and the byte len(q)-1
// further holds the last (both found with word arithmetic, SWAR); each
// candidate is compared whole and mapped back to its name, and the search
// goes on at the next name once a name matched.

// Filter appends to dst the listing index of every object whose name,
// lower-cased, contains q (lower case already; "" matches every name),
// only images when images is set. A long listing is searched on every
// core, in runs of pages, each writing its matches where the run's
// objects would go in dst; the runs are then closed up, in order.
func (ps Pages) Filter(dst []int32, q string, images bool) []int32 {
	runs := ps.runs(runtime.GOMAXPROCS(0))
	if len(runs) < 2 {
		for _, p := range ps {
			dst = p.Filter(dst, q, images)
		}
		return dst
	}
	base, first, size := len(dst), ps[0].start, ps.Len()-ps[0].start
	dst = slices.Grow(dst, size)[:base+size] // a place for every object
	shift := base - first
	found := make([]int, len(runs))
	var wg sync.WaitGroup
	for r := 1; r < len(runs); r++ {
		wg.Go(func() { found[r] = runs[r].filterInto(dst, shift, q, images) })
	}
	found[0] = runs[0].filterInto(dst, shift, q, images)
	wg.Wait()
	n := base + found[0]
	for r := 1; r < len(runs); r++ {
		at := shift + runs[r][0].start
		n += copy(dst[n:], dst[at:at+found[r]])
	}
	return dst[:n]
}

// filterInto writes the matches of run into out, from the place of its
// first object (its listing index plus shift), and says how many.
func (ps Pages) filterInto(out []int32, shift int, q string, images bool) int {
	from := shift + ps[0].start
	got := out[from:from:min(len(out), from+ps.Len()-ps[0].start)]
	for _, p := range ps {
		got = p.Filter(got, q, images)
	}
	return len(got)
}

// parallelBytes is the size of names worth another core.
const parallelBytes = 4 << 20

// runs splits ps into at most n runs of about the same bytes of names,
// each at least parallelBytes (one run when ps is smaller).
func (ps Pages) runs(n int) []Pages {
	total := 0
	for _, p := range ps {
		total += len(p.names)
	}
	n = min(n, total/parallelBytes)
	if n < 2 {
		return []Pages{ps}
	}
	out := make([]Pages, 0, n)
	from, sum := 0, 0
	for k, p := range ps {
		sum += len(p.names)
		if len(out) < n-1 && sum*n >= total*(len(out)+1) {
			out = append(out, ps[from:k+1])
			from = k + 1
		}
	}
	if from < len(ps) {
		out = append(out, ps[from:])
	}
	return out
}

// SWAR constants: a one in every byte, the high bit of every byte. In
// (x-ones) &^ x & highs the high bit of every zero byte of x is set (and
// maybe of a byte above one: every candidate is compared in full).
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// Filter appends the listing index of each object of p that matches, as
// Pages.Filter.
func (p *Page) Filter(dst []int32, q string, images bool) []int32 {
	hay, ends := p.folded()
	if q == "" {
		for i := range ends {
			if !images || p.images.get(i) {
				dst = append(dst, int32(p.start+i))
			}
		}
		return dst
	}
	if len(q) == 1 {
		return p.filterByte(dst, hay, ends, q[0], images)
	}
	n := len(q)
	first, last := ones*uint64(q[0]), ones*uint64(q[n-1])
	pos, i := 0, 0
scan:
	for pos+n+15 <= len(hay) {
		a0 := binary.LittleEndian.Uint64(hay[pos:]) ^ first
		b0 := binary.LittleEndian.Uint64(hay[pos+n-1:]) ^ last
		a1 := binary.LittleEndian.Uint64(hay[pos+8:]) ^ first
		b1 := binary.LittleEndian.Uint64(hay[pos+n+7:]) ^ last
		m := [2]uint64{(a0 - ones) &^ a0 & (b0 - ones) &^ b0 & highs, (a1 - ones) &^ a1 & (b1 - ones) &^ b1 & highs}
		if m[0]|m[1] == 0 {
			pos += 16
			continue
		}
		for h, mh := range m {
			for ; mh != 0; mh &= mh - 1 {
				at := pos + 8*h + bits.TrailingZeros64(mh)>>3
				for int(ends[i]) <= at {
					i++
				}
				if at+n <= int(ends[i]) && string(hay[at:at+n]) == q {
					if !images || p.images.get(i) {
						dst = append(dst, int32(p.start+i))
					}
					pos, i = int(ends[i]), i+1
					continue scan
				}
			}
		}
		pos += 16
	}
	for ; pos+n <= len(hay); pos++ { // the last few positions
		for int(ends[i]) <= pos {
			i++
		}
		if pos+n <= int(ends[i]) && string(hay[pos:pos+n]) == q {
			if !images || p.images.get(i) {
				dst = append(dst, int32(p.start+i))
			}
			pos, i = int(ends[i])-1, i+1
		}
	}
	return dst
}

// Narrow keeps the indexes of idx (ascending listing indexes) whose
// names, lower-cased, contain q, in place.
func (ps Pages) Narrow(idx []int32, q string) []int32 {
	out, needle := idx[:0], []byte(q)
	k := 0
	for _, i := range idx {
		for k+1 < len(ps) && ps[k+1].start <= int(i) {
			k++
		}
		p := ps[k]
		hay, ends := p.folded()
		from, to := span(ends, int(i)-p.start)
		if bytes.Contains(hay[from:to], needle) {
			out = append(out, i)
		}
	}
	return out
}

// filterByte is Filter of a one-byte q: each name holding c is found
// with one bytes.IndexByte over the rest of the page.
func (p *Page) filterByte(dst []int32, hay []byte, ends []uint32, c byte, images bool) []int32 {
	for pos, i := 0, 0; pos < len(hay); {
		k := bytes.IndexByte(hay[pos:], c)
		if k < 0 {
			break
		}
		at := pos + k
		for int(ends[i]) <= at {
			i++
		}
		if !images || p.images.get(i) {
			dst = append(dst, int32(p.start+i))
		}
		pos, i = int(ends[i]), i+1
	}
	return dst
}
