package opens

import (
	"context"
	"errors"
	"fmt"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/presigned"
)

// location is a log location and the buckets whose logs go there.
type location struct {
	loc     accesslog.Location
	sources []accesslog.Source
}

// ErrNoLinksHere: none of the links that could still be opened was issued
// at the endpoint in use, so no bucket can be asked where its logs go.
var ErrNoLinksHere = errors.New("no link that could still be opened was issued at this endpoint")

// locations are where the window's logs are: the setting's location for
// every bucket, else each bucket's own. notFound holds the buckets whose
// logs could not be found when others' were.
func (r *Reader) locations(ctx context.Context, window []presigned.Link) (locs []location, notFound []error, err error) {
	if r.opts.Location == "" {
		return r.findLocations(ctx, window)
	}
	loc, err := accesslog.ParseLocation(r.opts.Location)
	if err != nil {
		return nil, nil, hint.With(err, hint.AccessLogs)
	}
	return []location{{loc: loc, sources: sources(window)}}, nil, nil
}

// findLocations asks each bucket of the window's links issued at this
// endpoint where its logs go (GetBucketLogging), and groups the buckets by
// location.
func (r *Reader) findLocations(ctx context.Context, window []presigned.Link) ([]location, []error, error) {
	here := r.store.Endpoint()
	var locs []location
	var errs []error
	at := map[string]int{} // location -> index in locs
	for _, src := range sources(window) {
		if !issuedAt(window, src.Bucket, here) {
			continue
		}
		loc, err := accesslog.Find(ctx, r.store, src.Bucket)
		if err != nil {
			errs = append(errs, findError(err))
			continue
		}
		i, ok := at[loc.String()]
		if !ok {
			i, at[loc.String()] = len(locs), len(locs)
			locs = append(locs, location{loc: loc})
		}
		locs[i].sources = append(locs[i].sources, src)
	}
	switch {
	case len(locs) > 0:
		return locs, errs, nil
	case len(errs) > 0:
		return nil, nil, errs[0]
	}
	return nil, nil, hint.With(fmt.Errorf("%w (%s): use the endpoint they were issued at", ErrNoLinksHere, endpointName(here)), hint.Endpoint)
}

// findError marks the errors that the access_logs setting fixes: a server
// that does not say where logs go, a refusal to say.
func findError(err error) error {
	var denied *accesslog.AccessError
	if errors.Is(err, accesslog.ErrLoggingUnknown) || errors.As(err, &denied) {
		return hint.With(err, hint.AccessLogs)
	}
	return err
}

// endpointName names an endpoint for people.
func endpointName(endpoint string) string {
	if endpoint == "" {
		return "AWS"
	}
	return endpoint
}

// issuedAt reports whether a link of bucket in links was issued at endpoint.
func issuedAt(links []presigned.Link, bucket, endpoint string) bool {
	for _, l := range links {
		if l.Bucket == bucket && l.Endpoint == endpoint {
			return true
		}
	}
	return false
}

// sources are the distinct buckets of links, with their regions, in the
// order they come.
func sources(links []presigned.Link) []accesslog.Source {
	var out []accesslog.Source
	seen := map[string]bool{}
	for _, l := range links {
		if !seen[l.Bucket] {
			seen[l.Bucket] = true
			out = append(out, accesslog.Source{Bucket: l.Bucket, Region: l.Region})
		}
	}
	return out
}

// withState gives loc the layout and account an earlier read found,
// saving the listings that find them.
func withState(loc accesslog.Location, st history.LogLocation) accesslog.Location {
	if loc.Layout == accesslog.LayoutUnknown {
		loc.Layout = parseLayout(st.Layout)
	}
	if loc.Account == "" {
		loc.Account = st.Account
	}
	return loc
}

// parseLayout reads a stored Layout.String().
func parseLayout(s string) accesslog.Layout {
	for _, l := range []accesslog.Layout{accesslog.LayoutSimple, accesslog.LayoutPartitioned} {
		if l.String() == s {
			return l
		}
	}
	return accesslog.LayoutUnknown
}
