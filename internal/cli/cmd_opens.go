package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// opensCmd reads the buckets' server access logs and says what became of
// links: who opened them, when, how often, who tried after they ended.
type opensCmd struct {
	IDs []int64 `arg:"" optional:"" name:"ID" help:"Links to show; with one, every request through it (default: the links that can still be opened, or ended within a week)."`
}

// Run reads the log objects not read before, records what they say, and
// prints each link's opens; with one id, every request through it too.
// Logs are read for every link that could still be opened, whichever are
// shown: a log object is read once.
//
// With a team, what teammates shared is pulled first (their links'
// requests are then matched too, and their opens shown), and the opens of
// shared links found here are pushed after. A member who cannot read the
// logs still sees what the team found; the command then says why and
// fails.
func (c *opensCmd) Run(ctx context.Context, g *globals) error {
	h, err := g.openHistory(ctx)
	if err != nil {
		return err
	}
	defer h.Close()
	b, err := g.browser(ctx)
	if err != nil {
		return err
	}
	ts, err := g.teamSession(ctx, h, b)
	if err != nil {
		return err
	}
	defer g.pushTeam(ctx, ts) // the opens of shared links, for the team
	g.pullTeam(ctx, ts)
	links, err := c.links(ctx, g, h)
	if err != nil {
		return err
	}
	res, readErr := opens.NewReader(b, h, opens.Options{Location: g.AccessLogs, Now: g.now}).Read(ctx)
	if readErr != nil && (ts == nil || ctx.Err() != nil) {
		return wordOpensError(readErr)
	}
	st, err := opens.Summaries(ctx, h, linkIDs(links))
	if err != nil {
		return err
	}
	if err := c.print(ctx, g, h, links, st); err != nil {
		return err
	}
	if readErr != nil {
		fmt.Fprintf(g.stderr, "The logs were not read here: shown is what the team found; %s.\n", opens.UpTo(st.LogsUpTo, g.now(), time.Local))
		return wordOpensError(readErr)
	}
	g.readSummary(res)
	return notFound(g, res)
}

// links are the links to show, each gallery's images after it: the ids
// asked for (each must exist), else those a read looks at, newest first.
func (c *opensCmd) links(ctx context.Context, g *globals, h *history.History) ([]presigned.Link, error) {
	q := history.Query{IDs: c.IDs}
	links, err := h.List(ctx, q)
	if err != nil {
		return nil, err
	}
	if err := missingIDs(c.IDs, links); err != nil {
		return nil, err
	}
	if len(c.IDs) == 0 {
		links = opens.Window(links, g.now())
	}
	all, err := h.WithMembers(ctx, links)
	if err != nil {
		return nil, err
	}
	return flatten(all[:len(links)]), nil
}

// flatten lists links with each gallery's images right after it.
func flatten(links []presigned.Link) []presigned.Link {
	var out []presigned.Link
	for _, l := range links {
		out = append(append(out, l), l.Members...)
	}
	return out
}

// linkIDs are the links' ids.
func linkIDs(links []presigned.Link) []int64 {
	ids := make([]int64, len(links))
	for i, l := range links {
		ids[i] = l.ID
	}
	return ids
}

// print writes each link's opens; with one id asked for, its requests.
func (c *opensCmd) print(ctx context.Context, g *globals, h *history.History, links []presigned.Link, st opens.Stored) error {
	out, now := g.out(), g.now()
	for _, l := range links {
		r := opensRecord{l: l, o: st.ByLink[l.ID], upTo: st.LogsUpTo, now: now}
		if len(c.IDs) == 1 && l.ID == c.IDs[0] {
			hits, err := opens.Requests(ctx, h, l.ID)
			if err != nil {
				return err
			}
			r.requests = &hits
		}
		if err := out.print(r); err != nil {
			return err
		}
	}
	return nil
}

// opensRecord is one link of `opens`.
type opensRecord struct {
	l        presigned.Link
	o        accesslog.Opens
	upTo     time.Time
	now      time.Time
	requests *[]accesslog.Hit // every request, when one link was asked for
}

// text is the link's row (id, opened, object), the sentence of its opens
// when there is anything to say, then its requests. Everything a stranger
// or the bucket chose is escaped.
func (r opensRecord) text() string {
	line := fmt.Sprintf("%6d  %-24s  %s", r.l.ID, opens.Column(r.o, r.now), termtext.Escape(objectName(r.l)))
	if r.o.Opens > 0 || r.o.AfterEnd > 0 || r.o.Tampered > 0 || r.o.Gone > 0 {
		line += "\n        " + opens.Detail(r.o, r.now, time.Local)
	}
	if r.o.AfterEnd > 0 && !r.l.StatusAt(r.now).Live() {
		line += fmt.Sprintf(" (s3share renew %d)", r.l.ID)
	}
	if r.requests != nil {
		for _, h := range *r.requests {
			line += "\n        " + requestLine(h.Escaped())
		}
	}
	return line
}

// objectName is what a row of the history calls a link: its object and
// label, or a gallery's title and page.
func objectName(l presigned.Link) string {
	object := "s3://" + l.Bucket + "/" + l.Key
	switch {
	case l.Gallery:
		return l.Title() + "  (page " + object + ")"
	case l.Label != "":
		return object + "  (" + l.Label + ")"
	case l.Parent != 0:
		return object + fmt.Sprintf("  (in gallery %d)", l.Parent)
	}
	return object
}

// requestLine is one request through a link (already escaped): when, from
// where, the answer, what it amounted to and the user agent.
func requestLine(h accesslog.Hit) string {
	answer := fmt.Sprint(h.Status)
	if h.ErrorCode != "" {
		answer += " " + h.ErrorCode
	}
	return fmt.Sprintf("%s  %-15s  %-26s  %-12s  %s", h.Time.Local().Format("2006-01-02 15:04:05"), h.RemoteIP, answer, h.Kind, h.UserAgent)
}

func (r opensRecord) object() any {
	j := opensLinkJSON{ID: r.l.ID, Bucket: r.l.Bucket, Key: r.l.Key, Label: r.l.Label, Gallery: r.l.Parent,
		Status: r.l.StatusAt(r.now).String(), Opens: toOpensJSON(r.o, r.upTo)}
	if r.requests != nil {
		reqs := make([]requestJSON, len(*r.requests))
		for i, h := range *r.requests {
			reqs[i] = requestJSON{Time: h.Time.UTC(), IP: h.RemoteIP, UserAgent: h.UserAgent, Status: h.Status, ErrorCode: h.ErrorCode,
				Kind: string(h.Kind), Operation: h.Operation, Referrer: h.Referrer, Bytes: h.BytesSent}
		}
		j.Requests = &reqs
	}
	return j
}

// opensLinkJSON is one line of opens --json.
type opensLinkJSON struct {
	ID       int64          `json:"id"`
	Bucket   string         `json:"bucket"`
	Key      string         `json:"key"`
	Label    string         `json:"label,omitempty"`
	Gallery  int64          `json:"gallery,omitempty"` // the gallery an image link belongs to
	Status   string         `json:"status"`
	Opens    opensJSON      `json:"opens"`
	Requests *[]requestJSON `json:"requests,omitempty"` // with one id
}

// opensJSON is a link's opens in JSON (history --json and opens --json):
// the counts, and how far the logs read go.
type opensJSON struct {
	accesslog.Opens
	LogsUpTo time.Time `json:"logs_up_to,omitzero"` // absent: no log read yet
}

// toOpensJSON is o with how far the logs go.
func toOpensJSON(o accesslog.Opens, upTo time.Time) opensJSON {
	if !upTo.IsZero() {
		upTo = upTo.UTC()
	}
	return opensJSON{Opens: o, LogsUpTo: upTo}
}

// requestJSON is one request through a link, exact as logged.
type requestJSON struct {
	Time      time.Time `json:"time"`
	IP        string    `json:"ip"`
	UserAgent string    `json:"user_agent"`
	Status    int       `json:"status"`
	ErrorCode string    `json:"error_code,omitempty"`
	Kind      string    `json:"kind"`
	Operation string    `json:"operation"`
	Referrer  string    `json:"referrer,omitempty"`
	Bytes     int64     `json:"bytes"`
}

// readSummary says on stderr what the read did and how far the logs go:
// AWS delivers them hours late, so later opens are not known yet.
func (g *globals) readSummary(res opens.Result) {
	for _, err := range res.Refused {
		fmt.Fprintf(g.stderr, "s3share: %s (skipped)\n", words(err))
	}
	what := "no new log objects"
	switch {
	case res.Links == 0:
		what = "no link can be opened or ended within a week: no logs read"
	case res.Objects > 0:
		what = fmt.Sprintf("read %s: %s through your links", presigned.Plural(res.Objects, "new log object"), presigned.Plural(res.NewHits, "new request"))
	}
	if res.BadLines > 0 {
		what += fmt.Sprintf(" (%s that were not log records skipped)", presigned.Plural(res.BadLines, "line"))
	}
	fmt.Fprintf(g.stderr, "%s; %s (S3 delivers logs hours late: later opens are not known yet).\n",
		upperFirst(what), opens.UpTo(res.LogsUpTo, g.now(), time.Local))
}

// upperFirst starts s with a capital letter.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// notFound reports the buckets whose logs could not be found while
// others' were: their links' opens are not known.
func notFound(g *globals, res opens.Result) error {
	for _, err := range res.NotFound {
		fmt.Fprintf(g.stderr, "s3share: %s\n", words(wordOpensError(err)))
	}
	if len(res.NotFound) > 0 {
		return fmt.Errorf("the logs of %s could not be read (see above): their links' opens are not known",
			presigned.Plural(len(res.NotFound), "bucket"))
	}
	return nil
}

// wordOpensError says how to give the log location when the server would
// not tell it.
func wordOpensError(err error) error {
	if errors.Is(err, accesslog.ErrLoggingUnknown) {
		return fmt.Errorf(`%w: set access_logs = "s3://LOG-BUCKET/PREFIX/" in the settings file, S3SHARE_ACCESS_LOGS or --access-logs`, err)
	}
	return err
}
