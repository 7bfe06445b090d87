package ui

import (
	"slices"

	compact "github.com/s3share/s3share/listing"
)

// shownSet is the objects of a listing that a filter shows, by ascending
// listing index: while every object shows (no filter, or every object an
// image) it stores nothing, else it holds their indexes. A million
// objects shown cost no memory for the view; a filter's matches, four
// bytes each.
type shownSet struct {
	every bool    // objects 0 to n-1 all show; idx is nil
	n     int     // with every
	idx   []int32 // without every
	page  []int32 // a page's matches, while they are tested for every
}

// newShownSet is the view of an empty listing.
func newShownSet() shownSet { return shownSet{every: true} }

// len is the number of objects shown.
func (v *shownSet) len() int {
	if v.every {
		return v.n
	}
	return len(v.idx)
}

// at is the listing index of the j-th object shown.
func (v *shownSet) at(j int) int32 {
	if v.every {
		return int32(j)
	}
	return v.idx[j]
}

// find is the position of object i among those shown, if it shows.
func (v *shownSet) find(i int32) (int, bool) {
	if v.every {
		return int(i), i >= 0 && int(i) < v.n
	}
	return slices.BinarySearch(v.idx, i)
}

// add shows the objects of p (just appended to the listing) that match q.
func (v *shownSet) add(p *compact.Page, q string, images bool) {
	if !v.every {
		v.idx = p.Filter(v.idx, q, images)
		return
	}
	if q == "" && (!images || p.Images() == p.Len()) {
		v.n += p.Len()
		return
	}
	v.page = p.Filter(v.page[:0], q, images)
	if len(v.page) == p.Len() {
		v.n += p.Len()
		return
	}
	v.idx = make([]int32, v.n, v.n+len(v.page))
	for i := range v.idx {
		v.idx[i] = int32(i)
	}
	v.idx, v.every, v.n = append(v.idx, v.page...), false, 0
}

// refilter shows the objects of ps that match q; when q extends the query
// shown, only the objects shown are tested while they are few.
func (v *shownSet) refilter(ps compact.Pages, q string, images, narrow bool) {
	total := ps.Len()
	switch {
	case narrow && !v.every && len(v.idx) < total/4:
		v.idx = ps.Narrow(v.idx, q)
		return
	case q == "" && (!images || ps.Images() == total):
		*v = shownSet{every: true, n: total, page: v.page}
		return
	}
	idx := v.idx[:0]
	if v.every {
		idx = make([]int32, 0, total) // one allocation, not a doubling for each
	}
	idx = ps.Filter(idx, q, images)
	switch {
	case len(idx) == total: // all of them: keep nothing
		*v = shownSet{every: true, n: total, page: v.page}
	case cap(idx) > 2*len(idx)+1024: // give back what a narrower filter left
		v.every, v.n, v.idx = false, 0, slices.Clone(idx)
	default:
		v.every, v.n, v.idx = false, 0, idx
	}
}
