package listing

import "sort"

// Pages is a listing of many pages in order, indexed as one: object i of
// the listing is object i-start of the page that holds it. Append a page
// with Append, which numbers it; a Page belongs to one Pages at a time.
// Re-slicing drops the last pages.
type Pages []*Page

// Append adds p after the last page.
func (ps *Pages) Append(p *Page) {
	p.start = ps.Len()
	*ps = append(*ps, p)
}

// Len is the number of objects on all the pages.
func (ps Pages) Len() int {
	if len(ps) == 0 {
		return 0
	}
	last := ps[len(ps)-1]
	return last.start + last.Len()
}

// Images is the number of objects on all the pages that passed the image
// test.
func (ps Pages) Images() int {
	n := 0
	for _, p := range ps {
		n += p.Images()
	}
	return n
}

// At returns the page holding object i of the listing and i's index on
// it; nil when i is out of range.
func (ps Pages) At(i int) (*Page, int) {
	k := sort.Search(len(ps), func(k int) bool { return ps[k].start > i }) - 1
	if k < 0 || i < 0 || i >= ps[k].start+ps[k].Len() {
		return nil, 0
	}
	return ps[k], i - ps[k].start
}
