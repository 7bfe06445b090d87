package s3browse

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// How Find splits the key space. A sweep is a plain (recursive) listing of
// one key range; together the sweeps always cover the searched prefix
// exactly once, so every key is reported by exactly one of them. A
// discovery is a delimiter listing that only learns sub-folder names: they
// become the points where a sweep that has not reached them yet is cut in
// two. Find starts with one sweep of everything and one discovery of the
// searched folder, so a bucket without folders is simply one plain listing,
// and a small one is done in the time of that listing.
const (
	// rangesPerRequest is how many ranges per request in flight one
	// discovery may cut its folder's key space into: a few per slot
	// keeps the slots busy when the ranges differ in size.
	rangesPerRequest = 4
	// maxDescent is how many folder levels below the searched one
	// discovery looks into while there are too few folders to cut at.
	maxDescent = 4
	// maxChildren bounds the sub-folder names one discovery collects.
	maxChildren = 10_000
)

// errRepeatedToken stops a server that loops on its continuation token.
var errRepeatedToken = errors.New("the server repeated its continuation token or sent none: find stopped")

// sweep is one key range being listed page by page.
type sweep struct {
	lo, hi string // the range: lo <= key, and key < hi unless hi is ""
	after  string // StartAfter of the first page, then the last key seen
	token  string // continuation token of the next page, "" before the first
	busy   bool   // a page is in flight
	// cuttable: more than one page's worth is known to lie in the range
	// (a page of it was truncated, or it was cut out of such a range).
	cuttable bool
	marks    []string // the sub-folders the range starts at and spans, when known
	taken    int      // keys of the range seen so far
}

// discovery is one folder whose sub-folders are being listed.
type discovery struct {
	prefix   string
	depth    int // levels below the searched folder
	ranges   int // how many ranges its sub-folders may cut the space into
	token    string
	children []string
	busy     bool
}

// result is the answer to one request, for the sweep or discovery that sent it.
type result struct {
	sw   *sweep
	disc *discovery
	out  *s3.ListObjectsV2Output
	err  error
}

// finder runs one Find. Its state belongs to the goroutine in run; each
// request runs on a goroutine of its own and reports on results, whose
// buffer holds every request in flight, so none ever blocks.
type finder struct {
	client      *s3.Client
	bucket      string
	root        string // the searched prefix
	conc        int
	pageKeys    int32 // MaxKeys of every request, when set
	gate        gate
	results     chan result
	inflight    int
	discovering int
	sweeps      []*sweep     // unfinished, in key order
	discs       []*discovery // waiting or in flight
	points      []cutPoint   // where to cut sweeps once they are known to go on
}

// cutPoint is a sub-folder to cut a sweep at, with the StartAfter of the
// sweep that starts there.
type cutPoint struct {
	at, after string
	folders   []string // the sub-folders from at up to the next cut point
}

// newFinder prepares a search of root in bucket with conc requests at most.
func newFinder(c *s3.Client, bucket, root string, conc int) *finder {
	return &finder{client: c, bucket: bucket, root: root, conc: conc, results: make(chan result, conc)}
}

// run lists until every sweep has finished, emit fails or ctx ends, and
// returns only once no request is in flight.
func (f *finder) run(ctx context.Context, emit func([]types.Object) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer f.drain()
	defer cancel()
	f.sweeps = []*sweep{{}}
	f.discs = []*discovery{{prefix: f.root, ranges: f.conc * rangesPerRequest}}
	for len(f.sweeps) > 0 {
		f.launch(ctx)
		if f.inflight == 0 {
			return errors.New("find: nothing in flight with ranges left") // a bug, not a hang
		}
		r := <-f.results
		f.inflight--
		if r.disc != nil {
			f.discovered(r)
			continue
		}
		if err := f.swept(r, emit); err != nil {
			return err
		}
	}
	return nil
}

// drain waits for the requests still in flight (cancelled by then).
func (f *finder) drain() {
	for ; f.inflight > 0; f.inflight-- {
		<-f.results
	}
}

// launch fills the free request slots: discoveries first, as they open
// up parallel work, but on a quarter of the slots at most.
func (f *finder) launch(ctx context.Context) {
	maxDisc := max(1, f.conc/4)
	f.discs = slices.DeleteFunc(f.discs, func(d *discovery) bool {
		return !d.busy && d.depth > 0 && !f.unswept(d.prefix)
	})
	for _, d := range f.discs {
		if f.inflight >= f.conc || f.discovering >= maxDisc {
			break
		}
		if !d.busy {
			f.discovering++
			d.busy = true
			f.start(ctx, result{disc: d}, d.input(f.bucket))
		}
	}
	for _, s := range f.sweeps {
		if f.inflight >= f.conc {
			return
		}
		if !s.busy {
			s.busy = true
			f.start(ctx, result{sw: s}, s.input(f.bucket, f.root))
		}
	}
}

// start sends in on a goroutine of its own, sizing a sweep's page.
func (f *finder) start(ctx context.Context, r result, in *s3.ListObjectsV2Input) {
	limit := fullPage
	if f.pageKeys > 0 {
		limit = int(f.pageKeys)
	}
	n := limit
	if r.sw != nil {
		n = r.sw.nextKeys(limit)
	}
	if n < fullPage {
		in.MaxKeys = aws.Int32(int32(n))
	}
	f.inflight++
	go func() {
		r.out, r.err = f.list(ctx, in)
		f.results <- r
	}()
}

// input is the request for the sweep's next page.
func (s *sweep) input(bucket, root string) *s3.ListObjectsV2Input {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket)}
	if root != "" {
		in.Prefix = aws.String(root)
	}
	switch {
	case s.token != "":
		in.ContinuationToken = aws.String(s.token)
	case s.after != "":
		in.StartAfter = aws.String(s.after)
	}
	return in
}

// input is the request for the discovery's next page.
func (d *discovery) input(bucket string) *s3.ListObjectsV2Input {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Delimiter: aws.String("/")}
	if d.prefix != "" {
		in.Prefix = aws.String(d.prefix)
	}
	if d.token != "" {
		in.ContinuationToken = aws.String(d.token)
	}
	return in
}

// swept takes one page of a sweep: the keys in its range go to emit; the
// sweep ends at its range's end or the listing's.
func (f *finder) swept(r result, emit func([]types.Object) error) error {
	s := r.sw
	s.busy = false
	if r.err != nil {
		return r.err
	}
	objs, reachedEnd := s.take(r.out.Contents)
	if reachedEnd || !aws.ToBool(r.out.IsTruncated) {
		f.sweeps = slices.DeleteFunc(f.sweeps, func(x *sweep) bool { return x == s })
	} else {
		next := aws.ToString(r.out.NextContinuationToken)
		if next == "" || next == s.token {
			return errRepeatedToken
		}
		s.token, s.cuttable = next, true
		f.cutAll()
	}
	return emit(objs)
}

// take keeps the objects of a page that lie in the sweep's range and
// reports whether the page went past its end.
func (s *sweep) take(objs []types.Object) ([]types.Object, bool) {
	out := objs[:0]
	for _, o := range objs {
		k := aws.ToString(o.Key)
		if s.hi != "" && k >= s.hi {
			return out, true
		}
		s.after = k
		if k >= s.lo {
			out = append(out, o)
		}
	}
	s.taken += len(out)
	return out, false
}

// Sizing the next page of a sweep: a page that runs past the end of its
// range is partly thrown away, so once the range's sub-folders are known
// the next page asks for about what is left, estimated from the keys per
// sub-folder seen so far, with a margin. Too small an estimate costs one
// more round trip; nothing is lost either way.
const (
	fullPage   = 1000 // S3's page
	pageMargin = 1.1
)

// nextKeys is the MaxKeys of the sweep's next page, at most limit.
func (s *sweep) nextKeys(limit int) int {
	if len(s.marks) < 2 || s.taken == 0 {
		return limit
	}
	started := sort.SearchStrings(s.marks, s.after) // sub-folders at or before the last key
	done := float64(started) - 0.5                  // the last one is about half listed
	if done <= 0 {
		return limit
	}
	left := (float64(len(s.marks)-started) + 0.5) * float64(s.taken) / done
	return min(limit, int(left*pageMargin)+10)
}

// discovered takes one page of a discovery. A failed discovery is dropped:
// the sweeps still cover every key, and report any error that matters.
func (f *finder) discovered(r result) {
	d := r.disc
	d.busy = false
	f.discovering--
	if r.err == nil {
		for _, cp := range r.out.CommonPrefixes {
			if p := aws.ToString(cp.Prefix); strings.HasPrefix(p, d.prefix) && len(p) > len(d.prefix) && strings.HasSuffix(p, "/") {
				d.children = append(d.children, p)
			}
		}
		next := aws.ToString(r.out.NextContinuationToken)
		more := aws.ToBool(r.out.IsTruncated) && len(r.out.CommonPrefixes) > 0 && next != "" && next != d.token
		if more && len(d.children) < maxChildren {
			d.token = next
			return
		}
	}
	f.discs = slices.DeleteFunc(f.discs, func(x *discovery) bool { return x == d })
	if r.err == nil {
		f.split(d)
	}
}

// split cuts the sweeps at the discovered sub-folders, evenly chosen when
// there are more than the discovery may cut into; when there are fewer,
// it also looks one level down.
func (f *finder) split(d *discovery) {
	c := d.children
	if len(c) == 0 {
		return
	}
	slices.Sort(c)
	if len(c) < d.ranges && d.depth+1 < maxDescent {
		share := max(2, d.ranges/len(c))
		for _, p := range c {
			f.discs = append(f.discs, &discovery{prefix: p, depth: d.depth + 1, ranges: share})
		}
	}
	idx := spaced(len(c), d.ranges-1)
	for n, i := range idx {
		end := len(c)
		if n+1 < len(idx) {
			end = idx[n+1]
		}
		f.points = append(f.points, cutPoint{c[i], startAfter(c, i), c[i:end]})
	}
	f.cutAll()
}

// spaced picks k indexes of [0, n) evenly, or all n when k >= n.
func spaced(n, k int) []int {
	out := make([]int, 0, min(n, k))
	for j := range min(n, k) {
		if k >= n {
			out = append(out, j)
		} else {
			out = append(out, (j+1)*n/(k+1))
		}
	}
	return out
}

// cutAll applies the cut points it can and keeps those whose sweep has
// not answered yet. A sweep is cut only once a page of it said more is to
// come (or it was cut out of such a sweep): a sweep whose first page holds
// everything is never cut, so a small bucket costs one plain listing. (It also keeps gofakes3, whose s3mem
// backend skips the first key after a StartAfter that is not a key, exact
// on such buckets.)
func (f *finder) cutAll() {
	f.points = slices.DeleteFunc(f.points, func(p cutPoint) bool {
		s := f.holder(p.at)
		switch {
		case s == nil: // already listed, or already a boundary
			return true
		case !s.cuttable: // its first page may hold everything
			return false
		}
		f.cut(s, p)
		return true
	})
}

// holder returns the sweep whose unseen part holds p, or nil.
func (f *finder) holder(p string) *sweep {
	for _, s := range f.sweeps {
		if p > s.lo && p > s.after && (s.hi == "" || p < s.hi) {
			return s
		}
	}
	return nil
}

// cut splits s in two at p: the new sweep starts after p.after (< p.at)
// and skips keys below p.at.
func (f *finder) cut(s *sweep, p cutPoint) {
	i := slices.Index(f.sweeps, s)
	f.sweeps = slices.Insert(f.sweeps, i+1, &sweep{lo: p.at, hi: s.hi, after: p.after, cuttable: true, marks: p.folders})
	s.hi = p.at
	s.marks = s.marks[:sort.SearchStrings(s.marks, p.at)]
}

// unswept reports whether some of folder p's keys may still be ahead of a
// sweep, so discovering inside it can still pay.
func (f *finder) unswept(p string) bool {
	end := past(p)
	for _, s := range f.sweeps {
		if (s.hi == "" || p < s.hi) && s.lo < end && s.after < end {
			return true
		}
	}
	return false
}

// startAfter is the StartAfter for a sweep from folder c[i]: below every
// key of the folder, and past every key of the folder before it.
func startAfter(c []string, i int) string {
	after := below(c[i])
	if i > 0 {
		after = max(after, past(c[i-1]))
	}
	if after >= c[i] { // sub-folders that are not siblings: stay safe
		after = below(c[i])
	}
	return after
}

// below is a string just under folder p and its keys: "a/" -> "a.".
func below(p string) string { return p[:len(p)-1] + "." }

// past is a string above every key in folder p: "a/" -> "a0".
func past(p string) string { return p[:len(p)-1] + "0" }
