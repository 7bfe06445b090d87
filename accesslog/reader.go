package accesslog

import (
	"bytes"
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/s3share/s3share/s3browse"
)

// Store is the S3 side of a Reader; *s3browse.Browser is one.
type Store interface {
	// ListAfter lists one page of every key under prefix after startAfter.
	ListAfter(ctx context.Context, bucket, prefix, startAfter, token string) (s3browse.Page, error)
	// ListPage lists one page of the folder prefix (delimiter "/").
	ListPage(ctx context.Context, bucket, prefix, token string) (s3browse.Page, error)
	// ReadObject reads a whole object of at most maxBytes.
	ReadObject(ctx context.Context, bucket, key string, maxBytes int64) ([]byte, s3browse.ObjectInfo, error)
}

// Defaults of a Reader.
const (
	// Concurrency is how many log objects are fetched at a time.
	Concurrency = 8
	// MaxObjectBytes is the largest log object read; a larger one is
	// refused (AWS writes objects of kilobytes to a few megabytes).
	MaxObjectBytes = 64 << 20
)

// Reader reads the log objects that are new since the last run.
type Reader struct {
	store Store
}

// NewReader returns a Reader over store.
func NewReader(store Store) *Reader { return &Reader{store: store} }

// Source is a bucket whose logs are read, for the partitioned layout,
// where each source bucket has its own folder.
type Source struct {
	Bucket string
	Region string // the bucket's region, as its links record it
}

// Request says what to read.
type Request struct {
	Location Location
	// Since is the earliest time whose records matter: the earliest
	// signing time of the links that could still be opened or tried.
	// Log objects named before it (less an hour) are not listed. Zero
	// lists everything.
	Since time.Time
	// Sources are the buckets whose folders a partitioned layout reads;
	// none: every folder found (one more listing per level).
	Sources []Source
	// Seen reports the keys read by earlier runs (the caller remembers
	// Result.Read); they are not fetched again. Nil: none.
	Seen func(key string) bool
	// Keep picks the records to return (e.g. Attributor.Relevant); nil
	// keeps all. It is called from several goroutines at once.
	Keep func(*Record) bool
}

// Result is what a read found.
type Result struct {
	// Location is the request's with its layout (and a partitioned
	// layout's account, when there is one) found: pass it next time to
	// save a listing.
	Location Location
	Records  []Record // kept records, by log object key, then line
	// Read are the keys fetched by this run, in key order: remember them
	// (Request.Seen) so that no log object is fetched twice. Refused
	// objects are among them: reading them again gives the same.
	Read []string
	// LogsUpTo is the time of the newest record read by this run (zero
	// when nothing was read): AWS delivers logs hours late, so opens after
	// it may not be known yet.
	LogsUpTo time.Time
	Lines    int     // non-blank lines read
	BadLines int     // lines that were not records (skipped)
	Refused  []error // *ObjectError: objects that are not logs or too large
	Lists    int     // LIST requests made
	Gets     int     // GET requests made
}

// Read lists the log objects of req.Location named from req.Since on that
// req.Seen does not know, fetches them Concurrency at a time and parses
// them. Refusals name the missing permission (*AccessError: s3:ListBucket
// or s3:GetObject on the log bucket); any other failure of S3 ends the
// read with its error, and nothing of it should be remembered.
func (rd *Reader) Read(ctx context.Context, req Request) (Result, error) {
	res := Result{Location: req.Location}
	keys, err := rd.newKeys(ctx, req, &res)
	if err != nil {
		return res, err
	}
	if err := rd.fetchAll(ctx, req, keys, &res); err != nil {
		return res, err
	}
	return res, nil
}

// keyList is a listing root: the prefix listed, where it starts, and how
// its keys are named.
type keyList struct {
	prefix, startAfter string
	parse              func(key string) bool
}

// newKeys lists the log objects to fetch, in key order.
func (rd *Reader) newKeys(ctx context.Context, req Request, res *Result) ([]string, error) {
	roots, err := rd.roots(ctx, req, res)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, root := range roots {
		err := rd.list(ctx, req.Location.Bucket, root, res, func(key string) {
			if root.parse(key) && (req.Seen == nil || !req.Seen(key)) {
				keys = append(keys, key)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(keys)
	return keys, nil
}

// list calls each with every key under root.prefix after root.startAfter.
func (rd *Reader) list(ctx context.Context, bucket string, root keyList, res *Result, each func(string)) error {
	token := ""
	for {
		res.Lists++
		page, err := rd.store.ListAfter(ctx, bucket, root.prefix, root.startAfter, token)
		if err != nil {
			return listError(bucket, err)
		}
		for _, o := range page.Objects {
			each(o.Key)
		}
		if page.Last() || page.NextToken == token {
			return nil
		}
		token = page.NextToken
	}
}

// folders lists every folder directly under prefix.
func (rd *Reader) folders(ctx context.Context, bucket, prefix string, res *Result) ([]string, []s3browse.Object, error) {
	var folders []string
	var objects []s3browse.Object
	token := ""
	for {
		res.Lists++
		page, err := rd.store.ListPage(ctx, bucket, prefix, token)
		if err != nil {
			return nil, nil, listError(bucket, err)
		}
		folders = append(folders, page.Folders...)
		objects = append(objects, page.Objects...)
		if page.Last() || page.NextToken == token {
			return folders, objects, nil
		}
		token = page.NextToken
	}
}

// listError names s3:ListBucket when the log bucket refused a listing.
func listError(bucket string, err error) error {
	if errors.Is(err, s3browse.ErrAccessDenied) {
		return &AccessError{Permission: "s3:ListBucket", Resource: "s3://" + bucket,
			Purpose: "listing the access logs", Err: err}
	}
	return err
}

// getError names s3:GetObject when the log bucket refused a read.
func getError(loc Location, err error) error {
	if errors.Is(err, s3browse.ErrAccessDenied) {
		return &AccessError{Permission: "s3:GetObject", Resource: loc.String() + "*",
			Purpose: "reading the access logs", Err: err}
	}
	return err
}

// fetchAll fetches keys Concurrency at a time and gathers what they hold
// in key order.
func (rd *Reader) fetchAll(ctx context.Context, req Request, keys []string, res *Result) error {
	got := make([]objectResult, len(keys))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(Concurrency)
	var mu sync.Mutex
	for i, key := range keys {
		g.Go(func() error {
			r, err := rd.fetch(gctx, req, key)
			mu.Lock()
			res.Gets++
			mu.Unlock()
			got[i] = r
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for i, r := range got {
		res.Read = append(res.Read, keys[i])
		res.Records = append(res.Records, r.records...)
		res.Lines += r.lines
		res.BadLines += r.bad
		if r.refused != nil {
			res.Refused = append(res.Refused, r.refused)
		}
		if r.newest.After(res.LogsUpTo) {
			res.LogsUpTo = r.newest
		}
	}
	return nil
}

// objectResult is what one log object held.
type objectResult struct {
	records    []Record
	lines, bad int
	newest     time.Time
	refused    error
}

// fetch reads and parses one log object. An object gone since the listing
// (expired by a lifecycle rule) holds nothing.
func (rd *Reader) fetch(ctx context.Context, req Request, key string) (objectResult, error) {
	loc := req.Location
	body, _, err := rd.store.ReadObject(ctx, loc.Bucket, key, MaxObjectBytes)
	switch {
	case errors.Is(err, s3browse.ErrNoSuchKey):
		return objectResult{}, nil
	case errors.Is(err, s3browse.ErrTooLarge):
		return objectResult{refused: &ObjectError{Location: "s3://" + loc.Bucket + "/" + key, Err: err}}, nil
	case err != nil:
		return objectResult{}, getError(loc, err)
	}
	sc, err := NewScanner(bytes.NewReader(body))
	if err != nil {
		return objectResult{refused: &ObjectError{Location: "s3://" + loc.Bucket + "/" + key, Err: err}}, nil
	}
	var out objectResult
	for sc.Scan() {
		rec := sc.Record()
		if rec.Time.After(out.newest) {
			out.newest = rec.Time
		}
		if req.Keep == nil || req.Keep(rec) {
			out.records = append(out.records, *rec)
		}
	}
	out.lines, out.bad = sc.Lines(), sc.Bad()
	if err := sc.Err(); err != nil {
		out.refused = &ObjectError{Location: "s3://" + loc.Bucket + "/" + key, Err: err}
	}
	return out, nil
}
