package opens

import (
	"context"
	"strconv"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/history"
)

// Recorded is the part of the history that holds what the logs said;
// *history.History is one.
type Recorded interface {
	Hits(ctx context.Context, ids []int64) ([]history.Hit, error)
	LogsUpTo(ctx context.Context) (time.Time, error)
}

// Stored is what the history holds about some links' opens.
type Stored struct {
	// ByLink sums up each link's recorded requests; a link with none is
	// absent (not opened by LogsUpTo, or no log read yet).
	ByLink map[int64]accesslog.Opens
	// LogsUpTo is the time of the newest record ever read; zero when no
	// log was read yet.
	LogsUpTo time.Time
}

// Summaries sums up the recorded requests through the links with ids.
// Its strings are raw as logged: Opens.Escaped before a terminal.
func Summaries(ctx context.Context, h Recorded, ids []int64) (Stored, error) {
	hits, err := Requests(ctx, h, ids...)
	if err != nil {
		return Stored{}, err
	}
	out := Stored{ByLink: map[int64]accesslog.Opens{}}
	for id, o := range accesslog.Summarize(hits) {
		n, _ := strconv.ParseInt(id, 10, 64)
		out.ByLink[n] = o
	}
	out.LogsUpTo, err = h.LogsUpTo(ctx)
	return out, err
}

// Requests returns every recorded request through the links with ids, in
// time order. Hit.Link is the link's id in decimal; strings are raw as
// logged: Hit.Escaped before a terminal.
func Requests(ctx context.Context, h Recorded, ids ...int64) ([]accesslog.Hit, error) {
	stored, err := h.Hits(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]accesslog.Hit, len(stored))
	for i, s := range stored {
		out[i] = fromStored(s)
	}
	return out, nil
}

// Summaries is Summaries over the history r reads for: what a front end
// that holds a Reader shows.
func (r *Reader) Summaries(ctx context.Context, ids []int64) (Stored, error) {
	return Summaries(ctx, r.hist, ids)
}
