package ledger

import (
	"cmp"
	"context"
	"errors"
	"path"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/s3share/s3share/s3browse"
)

const (
	fetchers   = 8  // log objects read at the same time
	applyEvery = 64 // log objects per Apply of the cache
)

// PullResult is what a pull brought in.
type PullResult struct {
	Snapshot int64   // the snapshot started from, 0 for none
	Objects  int     // log objects read, rejected ones included
	Applied  int64   // the last log object applied
	Events   []Event // the events applied, in log order (a snapshot's first)
	// Rejected are the objects nothing was applied from: damaged, too
	// large, by a non-member or with a forged event. The log goes on
	// past them.
	Rejected []*ObjectError
}

// Pull applies what is new in the log: one LIST after the last object
// applied (when nothing is new, that is the only request), then the new
// objects, read 8 at a time and applied in order. A cache that has read
// nothing starts from the newest snapshot. A missing object (a gap)
// stops the pull there with an error wrapping ErrGap, an object of a
// newer format with ErrNewerFormat; what came before is applied.
func (l *Ledger) Pull(ctx context.Context) (PullResult, error) {
	l.run.Lock()
	defer l.run.Unlock()
	var res PullResult
	err := l.pull(ctx, &res)
	return res, err
}

// pull is Pull without the lock.
func (l *Ledger) pull(ctx context.Context, res *PullResult) error {
	pos, err := l.cache.Position(ctx)
	if err != nil {
		return err
	}
	last := pos.Applied
	if last == 0 {
		if last, err = l.startFromSnapshot(ctx, res, 0, 0); err != nil {
			return err
		}
	}
	res.Applied = last
	startAfter, token, began := l.logAfter(last), "", false
	for {
		page, err := l.objects.ListAfter(ctx, l.bucket, l.logPrefix(), startAfter, token)
		if err != nil {
			return err
		}
		nums := l.logNumbers(page)
		if len(nums) > 0 && !began && nums[0] > last+1 {
			// Cleaned up while this cache was away: a snapshot covers it.
			if last, err = l.startFromSnapshot(ctx, res, last, nums[0]-1); err != nil {
				return err
			}
			nums = slices.DeleteFunc(nums, func(n int64) bool { return n <= last })
		}
		began = began || len(nums) > 0
		if last, err = l.applyLog(ctx, res, last, nums); err != nil {
			return err
		}
		if page.Last() {
			return l.cache.Apply(ctx, Position{Applied: last, Synced: l.now()}, nil)
		}
		token = page.NextToken
	}
}

// logNumbers returns the numbers of the log objects of a page in order;
// other keys under log/ are ignored.
func (l *Ledger) logNumbers(page s3browse.Page) []int64 {
	nums := make([]int64, 0, len(page.Objects))
	for _, o := range page.Objects {
		if n, ok := l.logNumber(o.Key); ok {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	return nums
}

// applyLog reads and applies the log objects nums, which follow last,
// window by window; it returns the new last applied.
func (l *Ledger) applyLog(ctx context.Context, res *PullResult, last int64, nums []int64) (int64, error) {
	for start := 0; start < len(nums); start += applyEvery {
		window := nums[start:min(start+applyEvery, len(nums))]
		contiguous := len(window)
		for i, n := range window {
			if n != last+1+int64(i) {
				contiguous = i
				break
			}
		}
		var err error
		if last, err = l.applyWindow(ctx, res, last, window[:contiguous]); err != nil {
			return last, err
		}
		if contiguous < len(window) {
			return last, l.objectError(l.logKey(last+1), ErrGap, "missing while %s exists: nothing after it was applied",
				path.Base(l.logKey(window[contiguous])))
		}
	}
	return last, nil
}

// fetched is one log object read.
type fetched struct {
	events []Event
	reject *ObjectError // what is wrong with its content
	err    error        // why it could not be read
}

// applyWindow reads contiguous log objects at once and applies them in
// one Apply, up to the first that could not be read.
func (l *Ledger) applyWindow(ctx context.Context, res *PullResult, last int64, nums []int64) (int64, error) {
	if len(nums) == 0 {
		return last, nil
	}
	results := make([]fetched, len(nums))
	// No shared cancellation: a failure of one object must not fail the
	// objects before it, which are still applied.
	var g errgroup.Group
	g.SetLimit(fetchers)
	for i, n := range nums {
		g.Go(func() error {
			results[i] = l.readLog(ctx, n)
			return nil
		})
	}
	_ = g.Wait() // the failures are in results, found below in log order
	var events []Event
	var stop error
	through := last
	for i, r := range results {
		if r.err != nil {
			stop = r.err
			break
		}
		through = nums[i]
		res.Objects++
		if r.reject != nil {
			res.Rejected = append(res.Rejected, r.reject)
			continue
		}
		events = append(events, r.events...)
	}
	if through > last {
		if err := l.cache.Apply(ctx, Position{Applied: through}, events); err != nil {
			return last, err
		}
		res.Events = append(res.Events, events...)
		res.Applied = through
	}
	return through, stop
}

// readLog reads, decodes and checks log object n.
func (l *Ledger) readLog(ctx context.Context, n int64) fetched {
	key := l.logKey(n)
	data, _, err := l.objects.ReadObject(ctx, l.bucket, key, MaxLogBytes)
	if errors.Is(err, s3browse.ErrTooLarge) {
		return fetched{reject: l.objectError(key, ErrDamaged, "larger than the %d bytes a log object may be: nothing applied from it", MaxLogBytes)}
	}
	if err != nil {
		return fetched{err: err}
	}
	b, err := DecodeBatch(data)
	if errors.Is(err, ErrNewerFormat) {
		return fetched{err: &ObjectError{Location: l.location(key), Err: err}}
	}
	if err != nil {
		return fetched{reject: &ObjectError{Location: l.location(key), Err: nothingApplied(err)}}
	}
	if _, err := l.memberNamed(ctx, b.Writer); err != nil {
		if !isContentProblem(err) {
			return fetched{err: err}
		}
		return fetched{reject: l.objectError(key, ErrNotMember, "written by %s, who is not a member: nothing applied from it", b.Writer)}
	}
	return fetched{events: b.Events}
}

// nothingApplied adds what became of the object to a content problem.
func nothingApplied(err error) error {
	return &suffixed{err: err, suffix: ": nothing applied from it"}
}

// suffixed is an error with words added to its message.
type suffixed struct {
	err    error
	suffix string
}

func (s *suffixed) Error() string { return s.err.Error() + s.suffix }
func (s *suffixed) Unwrap() error { return s.err }

// startFromSnapshot applies the newest usable snapshot that covers at
// least through (and is past last), and returns its number. With through
// 0 having none is fine (the log is read from its start); otherwise the
// log after last is missing and that is a gap.
func (l *Ledger) startFromSnapshot(ctx context.Context, res *PullResult, last, through int64) (int64, error) {
	snaps, err := l.listSnapshots(ctx)
	if err != nil {
		return last, err
	}
	for i := len(snaps) - 1; i >= 0; i-- {
		n := snaps[i].n
		if n <= last || n < through {
			break
		}
		events, reject, err := l.readSnapshot(ctx, n)
		if err != nil {
			return last, err
		}
		if reject != nil {
			res.Rejected = append(res.Rejected, reject)
			continue
		}
		if err := l.cache.Apply(ctx, Position{Applied: n}, events); err != nil {
			return last, err
		}
		res.Snapshot, res.Applied = n, n
		res.Events = append(res.Events, events...)
		return n, nil
	}
	if through == 0 {
		return last, nil
	}
	return last, l.objectError(l.logKey(last+1), ErrGap,
		"missing, and no snapshot covers it: nothing after it was applied")
}

// snapObject is one snapshot in the bucket.
type snapObject struct {
	n   int64
	obj s3browse.Object
}

// listSnapshots lists snap/, oldest first.
func (l *Ledger) listSnapshots(ctx context.Context) ([]snapObject, error) {
	var out []snapObject
	token := ""
	for {
		page, err := l.objects.ListAfter(ctx, l.bucket, l.snapPrefix(), "", token)
		if err != nil {
			return nil, err
		}
		for _, o := range page.Objects {
			if n, ok := l.snapNumber(o.Key); ok {
				out = append(out, snapObject{n: n, obj: o})
			}
		}
		if page.Last() {
			break
		}
		token = page.NextToken
	}
	slices.SortFunc(out, func(a, b snapObject) int { return cmp.Compare(a.n, b.n) })
	return out, nil
}

// readSnapshot reads and checks snapshot n: its events, or what is wrong
// with its content, or why it could not be read.
func (l *Ledger) readSnapshot(ctx context.Context, n int64) ([]Event, *ObjectError, error) {
	key := l.snapKey(n)
	data, _, err := l.objects.ReadObject(ctx, l.bucket, key, MaxSnapshotBytes)
	if errors.Is(err, s3browse.ErrTooLarge) {
		return nil, l.objectError(key, ErrDamaged, "larger than the %d bytes a snapshot may be: not used", MaxSnapshotBytes), nil
	}
	if err != nil {
		return nil, nil, err
	}
	events, err := decodeSnapshot(data, n, maxSnapshotUnpacked)
	if errors.Is(err, ErrNewerFormat) {
		return nil, nil, &ObjectError{Location: l.location(key), Err: err}
	}
	if err != nil {
		return nil, &ObjectError{Location: l.location(key), Err: &suffixed{err: err, suffix: ": not used"}}, nil
	}
	writers := map[string]bool{}
	for _, e := range events {
		writers[e.Writer] = true
	}
	for w := range writers {
		if _, err := l.memberNamed(ctx, w); err != nil {
			if !isContentProblem(err) {
				return nil, nil, err
			}
			return nil, l.objectError(key, ErrNotMember, "holds events by %s, who is not a member: not used", w), nil
		}
	}
	return events, nil, nil
}
