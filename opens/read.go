package opens

import (
	"context"
	"strconv"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/presigned"
)

// TryWindow is how long after a link ends its logs are still read for
// tries: a recipient who finds the link dead tries again within days.
const TryWindow = 7 * 24 * time.Hour

// Store is the S3 side: listing and reading log objects, and asking a
// bucket where its logs go. *s3browse.Browser is one.
type Store interface {
	accesslog.Store
	accesslog.LoggingConfig
	Endpoint() string // the endpoint in use, "" for AWS
	// KnownRegion and SetRegion read and fill the client's region cache,
	// from the history's, so that a read finds the log bucket's region
	// without asking the server each run.
	KnownRegion(bucket string) string
	SetRegion(bucket, region string)
}

// History is where links come from and what was read goes;
// *history.History is one.
type History interface {
	List(ctx context.Context, q history.Query) ([]presigned.Link, error)
	WithMembers(ctx context.Context, links []presigned.Link) ([]presigned.Link, error)
	Verify(ctx context.Context) error
	SeenLogObjects(ctx context.Context, endpoint, location string) (map[string]bool, error)
	LogLocationState(ctx context.Context, endpoint, location string) (history.LogLocation, error)
	RecordLogRead(ctx context.Context, r history.LogRead) (int, error)
	Hits(ctx context.Context, ids []int64) ([]history.Hit, error)
	LogsUpTo(ctx context.Context) (time.Time, error)
	CachedRegion(ctx context.Context, endpoint, bucket string) (string, error)
	RememberRegion(ctx context.Context, endpoint, bucket, region string) error
}

// Options say where the logs are and what time it is.
type Options struct {
	// Location is the access_logs setting, s3://LOG-BUCKET/PREFIX; ""
	// asks each bucket where its logs go (GetBucketLogging).
	Location string
	Now      func() time.Time // the clock; time.Now when nil
}

// Reader reads new access logs for the links in a history.
type Reader struct {
	store Store
	hist  History
	opts  Options
}

// NewReader returns a Reader of store's logs for h's links.
func NewReader(store Store, h History, opts Options) *Reader {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Reader{store: store, hist: h, opts: opts}
}

// Result is what one read did.
type Result struct {
	Links     int      // links whose requests were looked for (could still be opened or tried)
	Locations []string // the log locations read, s3://LOG-BUCKET/PREFIX
	Objects   int      // log objects read (each once, ever)
	Records   int      // records about the links found in them
	NewHits   int      // requests recorded for the first time
	BadLines  int      // lines that were not records (skipped)
	Refused   []error  // log objects that are not logs or too large (*accesslog.ObjectError)
	Lists     int      // LIST requests made
	Gets      int      // GET requests made
	// NotFound are the buckets whose logs could not be found while
	// others' were (logging off, no permission to ask); when no bucket's
	// logs are found Read fails with the first of them instead.
	NotFound []error
	// LogsUpTo is the time of the newest record read, by this run or an
	// earlier one; zero when none was ever read.
	LogsUpTo time.Time
}

// Read reads the log objects not read before, for every link that could
// still be opened or tried, and records what they say. Errors name what to
// do: *accesslog.AccessError the permission, *accesslog.LoggingDisabledError
// how to turn logging on, accesslog.ErrLoggingUnknown that the location has
// to be given (hint.AccessLogs). A failure leaves what it had not recorded
// to be read again next time.
func (r *Reader) Read(ctx context.Context) (Result, error) {
	var res Result
	if err := r.hist.Verify(ctx); err != nil {
		return res, err
	}
	links, err := r.allLinks(ctx)
	if err != nil {
		return res, err
	}
	window, since := inWindow(links, r.opts.Now())
	res.Links = len(window)
	if len(window) > 0 {
		if err := r.readAll(ctx, links, window, since, &res); err != nil {
			return res, err
		}
	}
	res.LogsUpTo, err = r.hist.LogsUpTo(ctx)
	return res, err
}

// allLinks is every link of the history, galleries' images too.
func (r *Reader) allLinks(ctx context.Context) ([]presigned.Link, error) {
	top, err := r.hist.List(ctx, history.Query{})
	if err != nil {
		return nil, err
	}
	return r.hist.WithMembers(ctx, top)
}

// Window picks the links whose logs a read looks at: those that could
// still be opened, or tried after their end within TryWindow.
func Window(links []presigned.Link, now time.Time) []presigned.Link {
	var out []presigned.Link
	for _, l := range links {
		if l.End().After(now.Add(-TryWindow)) {
			out = append(out, l)
		}
	}
	return out
}

// inWindow is Window and the earliest issue time of its links.
func inWindow(links []presigned.Link, now time.Time) ([]presigned.Link, time.Time) {
	out := Window(links, now)
	var since time.Time
	for _, l := range out {
		if since.IsZero() || l.IssuedAt.Before(since) {
			since = l.IssuedAt
		}
	}
	return out, since
}

// readAll reads each location of the window's buckets for every link.
func (r *Reader) readAll(ctx context.Context, links, window []presigned.Link, since time.Time, res *Result) error {
	locs, notFound, err := r.locations(ctx, window)
	if err != nil {
		return err
	}
	res.NotFound = notFound
	at := accesslog.NewAttributor(refs(links), accesslog.Options{CheckUserAgent: linkcheck.UserAgentPrefix})
	for _, loc := range locs {
		if err := r.readOne(ctx, loc, at, since, res); err != nil {
			return err
		}
	}
	return nil
}

// refs are the LinkRefs of links, by history id; links whose URL is not a
// presigned one cannot be matched and are left out.
func refs(links []presigned.Link) []accesslog.LinkRef {
	out := make([]accesslog.LinkRef, 0, len(links))
	for _, l := range links {
		ref, err := accesslog.RefFromURL(strconv.FormatInt(l.ID, 10), l.Bucket, l.Key, l.ShareKey, l.URL, l.End())
		if err == nil {
			out = append(out, ref)
		}
	}
	return out
}
