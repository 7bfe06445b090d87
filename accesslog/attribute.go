package accesslog

import (
	"hash/fnv"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/s3share/s3share/termtext"
)

// Kind is what a request through a link amounted to.
type Kind string

// The kinds of hits.
const (
	KindOpen        Kind = "open"         // GET or HEAD answered 200, 206 or 304
	KindAfterEnd    Kind = "after_end"    // refused (403) at or after the link's end: a renew is due
	KindBeforeStart Kind = "before_start" // refused before the link's signing time
	KindTampered    Kind = "tampered"     // 403 SignatureDoesNotMatch: a changed or cut link
	KindGone        Kind = "gone"         // 404: the object (or the revocable copy) is gone
	KindDenied      Kind = "denied"       // refused while the link should work (the issuer's key disabled...)
	KindCheck       Kind = "check"        // s3share's own live check (Options.CheckUserAgent)
	KindOther       Kind = "other"        // any other answer (5xx, 400...)
)

// Hit is one request attributed to a link: what the caller stores (one per
// request id) to show every request of a link and to count its opens.
// Strings are raw as logged; Escaped makes them safe for a terminal.
type Hit struct {
	Link      string    // LinkRef.ID
	RequestID string    // S3's request id; a stand-in made from the record when it has none
	Time      time.Time // when S3 received the request, UTC
	Kind      Kind
	Status    int
	ErrorCode string
	Operation string // REST.GET.OBJECT or REST.HEAD.OBJECT
	RemoteIP  string
	UserAgent string
	Referrer  string
	BytesSent int64
}

// Escaped returns a copy of h whose strings are safe on a terminal.
func (h Hit) Escaped() Hit {
	for _, f := range []*string{&h.Link, &h.RequestID, &h.ErrorCode, &h.Operation, &h.RemoteIP, &h.UserAgent, &h.Referrer} {
		*f = termtext.Escape(*f)
	}
	return h
}

// Options tune an Attributor.
type Options struct {
	// CheckUserAgent is the start of the User-Agent s3share's own live
	// checks send: their requests are KindCheck, not opens. "" counts
	// them as opens.
	CheckUserAgent string
}

// sigKey is what a presigned request names of its link.
type sigKey struct{ date, accessKey string }

// objKey is a bucket and a key.
type objKey struct{ bucket, key string }

// Attributor matches records to links. It is safe for concurrent use once
// made (a Reader's Keep may call Relevant from several goroutines).
type Attributor struct {
	links  []LinkRef
	bySig  map[sigKey][]int
	byCopy map[objKey][]int
	opts   Options
}

// NewAttributor indexes links for matching.
func NewAttributor(links []LinkRef, opts Options) *Attributor {
	a := &Attributor{links: links, bySig: map[sigKey][]int{}, byCopy: map[objKey][]int{}, opts: opts}
	for i, l := range links {
		if l.AmzDate != "" && l.AccessKey != "" {
			k := sigKey{l.AmzDate, l.AccessKey}
			a.bySig[k] = append(a.bySig[k], i)
		}
		if l.CopyKey != "" {
			k := objKey{l.Bucket, l.CopyKey}
			a.byCopy[k] = append(a.byCopy[k], i)
		}
	}
	return a
}

// Relevant reports whether r belongs to one of the links (a Reader's
// Keep).
func (a *Attributor) Relevant(r *Record) bool {
	_, ok := a.link(r)
	return ok
}

// Match attributes r to its link: false when it is not a GET or HEAD of
// an object through one of the links (the owner's own signed requests
// never are).
func (a *Attributor) Match(r *Record) (Hit, bool) {
	i, ok := a.link(r)
	if !ok {
		return Hit{}, false
	}
	l := &a.links[i]
	return Hit{Link: l.ID, RequestID: requestID(r), Time: r.Time, Kind: a.kind(r, l), Status: r.Status,
		ErrorCode: r.ErrorCode, Operation: r.Operation, RemoteIP: r.RemoteIP, UserAgent: r.UserAgent,
		Referrer: r.Referrer, BytesSent: r.BytesSent}, true
}

// Attribute matches records to links, each request once (S3 may deliver a
// record twice), in time order (within a second, the records' order).
func (a *Attributor) Attribute(records []Record) []Hit {
	var hits []Hit
	seen := map[string]bool{}
	for i := range records {
		h, ok := a.Match(&records[i])
		if !ok || seen[h.RequestID] {
			continue
		}
		seen[h.RequestID] = true
		hits = append(hits, h)
	}
	sortHits(hits)
	return hits
}

// sortHits orders hits by time, keeping the order they came in within a
// second (the logs' order: S3 logs whole seconds).
func sortHits(hits []Hit) {
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Time.Before(hits[j].Time) })
}

// link finds the index of r's link.
func (a *Attributor) link(r *Record) (int, bool) {
	if r.Operation != "REST.GET.OBJECT" && r.Operation != "REST.HEAD.OBJECT" {
		return 0, false
	}
	if r.AuthType == "AuthHeader" {
		return 0, false // signed in a header: the owner's own request, not a link's
	}
	query := r.RawQuery()
	date, _ := queryValue(query, "X-Amz-Date")
	cred, _ := queryValue(query, "X-Amz-Credential")
	if date != "" && cred != "" {
		for _, i := range a.bySig[sigKey{date, credentialAccessKey(cred)}] {
			if l := &a.links[i]; l.Bucket == r.Bucket && keyMatches(r, l.Bucket, l.urlKey()) {
				return i, true
			}
		}
	}
	if len(a.byCopy) == 0 {
		return 0, false
	}
	return a.byCopyKey(r, date)
}

// byCopyKey finds a revocable link by the key r reads alone: when several
// links share the copy (renewed), the one signed at r's X-Amz-Date, else
// the newest signed before r.
func (a *Attributor) byCopyKey(r *Record, date string) (int, bool) {
	for _, key := range recordKeys(r) {
		cands := a.byCopy[objKey{r.Bucket, key}]
		if len(cands) == 0 {
			continue
		}
		best := cands[0]
		for _, i := range cands {
			l := &a.links[i]
			if l.AmzDate == date {
				return i, true
			}
			if !l.SignedAt.After(r.Time) && l.SignedAt.After(a.links[best].SignedAt) {
				best = i
			}
		}
		return best, true
	}
	return 0, false
}

// keyMatches reports whether r's request path reads bucket/key: path
// style /bucket/key or virtual-hosted /key, decoded once.
func keyMatches(r *Record, bucket, key string) bool {
	path := r.RawPath()
	if strings.IndexByte(path, '%') >= 0 {
		if p, err := url.PathUnescape(path); err == nil {
			path = p
		}
	}
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return false
	}
	if rest == key {
		return true
	}
	b, k, ok := strings.Cut(rest, "/")
	return ok && b == bucket && k == key
}

// recordKeys are the keys r may read: from its path (path style and
// virtual-hosted) and its key field.
func recordKeys(r *Record) []string {
	var keys []string
	path := r.RawPath()
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	if rest, ok := strings.CutPrefix(path, "/"); ok && rest != "" {
		keys = append(keys, rest)
		if b, k, ok := strings.Cut(rest, "/"); ok && b == r.Bucket && k != "" {
			keys = append(keys, k)
		}
	}
	return append(keys, keyFieldDecodings(r.Key)...)
}

// keyFieldDecodings are the log's key field decoded once and twice.
func keyFieldDecodings(field string) []string {
	if field == "" {
		return nil
	}
	once, err := url.PathUnescape(field)
	if err != nil {
		return []string{field}
	}
	if twice, err := url.PathUnescape(once); err == nil && twice != once {
		return []string{once, twice}
	}
	return []string{once}
}

// kind classifies r as a request through l.
func (a *Attributor) kind(r *Record, l *LinkRef) Kind {
	switch {
	case a.opts.CheckUserAgent != "" && strings.HasPrefix(r.UserAgent, a.opts.CheckUserAgent):
		return KindCheck
	case r.Status == 200 || r.Status == 206 || r.Status == 304:
		return KindOpen
	case r.ErrorCode == "SignatureDoesNotMatch":
		return KindTampered
	case r.Status == 404:
		return KindGone
	case r.Status == 403 || r.ErrorCode == "ExpiredToken" || r.ErrorCode == "AccessDenied":
		switch {
		case !l.End.IsZero() && !r.Time.Before(l.End):
			return KindAfterEnd
		case r.Time.Before(l.SignedAt):
			return KindBeforeStart
		}
		return KindDenied
	}
	return KindOther
}

// requestID is r's request id, or for a record without one a stand-in
// made from what it logged, the same for the same record delivered twice.
func requestID(r *Record) string {
	if r.RequestID != "" {
		return r.RequestID
	}
	h := fnv.New64a()
	for _, s := range []string{r.Bucket, r.Time.Format(time.RFC3339), r.RemoteIP, r.RequestURI, r.UserAgent, r.HostID,
		strconv.Itoa(r.Status)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "noid-" + strconv.FormatUint(h.Sum64(), 16)
}
