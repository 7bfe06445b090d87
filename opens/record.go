package opens

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/s3browse"
)

// readOne reads the new log objects of one location and records what
// they say about the links, in one transaction.
func (r *Reader) readOne(ctx context.Context, l location, at *accesslog.Attributor, since time.Time, res *Result) error {
	endpoint, name := r.store.Endpoint(), l.loc.String()
	state, err := r.hist.LogLocationState(ctx, endpoint, name)
	if err != nil {
		return err
	}
	seen, err := r.hist.SeenLogObjects(ctx, endpoint, name)
	if err != nil {
		return err
	}
	cached, err := r.cachedRegion(ctx, endpoint, l.loc.Bucket)
	if err != nil {
		return err
	}
	out, err := accesslog.NewReader(r.store).Read(ctx, accesslog.Request{Location: withState(l.loc, state), Since: since,
		Sources: l.sources, Seen: func(key string) bool { return seen[key] }, Keep: at.Relevant})
	res.Lists, res.Gets = res.Lists+out.Lists, res.Gets+out.Gets
	if errors.Is(err, s3browse.ErrWrongRegion) && cached != "" {
		_ = r.hist.RememberRegion(ctx, endpoint, l.loc.Bucket, "") // a stale cache: the next read asks the server; err says what failed
	}
	if err != nil {
		return err
	}
	if region := r.store.KnownRegion(l.loc.Bucket); region != "" && region != cached {
		if err := r.hist.RememberRegion(ctx, endpoint, l.loc.Bucket, region); err != nil {
			return err
		}
	}
	hits := at.Attribute(out.Records)
	added, err := r.hist.RecordLogRead(ctx, logRead(endpoint, name, out, hits, since))
	if err != nil {
		return err
	}
	res.Locations = append(res.Locations, name)
	res.Objects, res.Records, res.NewHits = res.Objects+len(out.Read), res.Records+len(hits), res.NewHits+added
	res.BadLines, res.Refused = res.BadLines+out.BadLines, append(res.Refused, out.Refused...)
	return nil
}

// logRead is what the history records of one read: the objects read (those
// named over a day before since are forgotten: no listing reaches them
// again), the hits, how far the logs go and the layout found.
func logRead(endpoint, name string, out accesslog.Result, hits []accesslog.Hit, since time.Time) history.LogRead {
	rd := history.LogRead{Endpoint: endpoint, Location: name, Layout: out.Location.Layout.String(),
		Account: out.Location.Account, LogsUpTo: out.LogsUpTo, ForgetBefore: since.Add(-24 * time.Hour)}
	if out.Location.Layout == accesslog.LayoutUnknown {
		rd.Layout = ""
	}
	for _, key := range out.Read {
		named, _ := out.Location.KeyTime(key)
		rd.Objects = append(rd.Objects, history.LogObject{Key: key, NamedAt: named})
	}
	for _, h := range hits {
		rd.Hits = append(rd.Hits, toStored(h))
	}
	return rd
}

// toStored is a hit as the history stores it.
func toStored(h accesslog.Hit) history.Hit {
	id, _ := strconv.ParseInt(h.Link, 10, 64) // the ids are the history's own (refs)
	return history.Hit{LinkID: id, RequestID: h.RequestID, At: h.Time, Kind: string(h.Kind), Status: h.Status,
		ErrorCode: h.ErrorCode, Operation: h.Operation, RemoteIP: h.RemoteIP, UserAgent: h.UserAgent,
		Referrer: h.Referrer, BytesSent: h.BytesSent}
}

// fromStored is a stored hit as accesslog sums it up.
func fromStored(h history.Hit) accesslog.Hit {
	return accesslog.Hit{Link: strconv.FormatInt(h.LinkID, 10), RequestID: h.RequestID, Time: h.At.UTC(),
		Kind: accesslog.Kind(h.Kind), Status: h.Status, ErrorCode: h.ErrorCode, Operation: h.Operation,
		RemoteIP: h.RemoteIP, UserAgent: h.UserAgent, Referrer: h.Referrer, BytesSent: h.BytesSent}
}

// cachedRegion gives the client the log bucket's region the history has
// cached, when the client knows none yet, and returns it ("" for none).
func (r *Reader) cachedRegion(ctx context.Context, endpoint, bucket string) (string, error) {
	if known := r.store.KnownRegion(bucket); known != "" {
		return known, nil
	}
	region, err := r.hist.CachedRegion(ctx, endpoint, bucket)
	if err == nil {
		r.store.SetRegion(bucket, region)
	}
	return region, err
}
