package ui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/presigned"
)

// Opens reads the buckets' server access logs into the history and sums
// up what they said; *opens.Reader satisfies it.
type Opens interface {
	Read(ctx context.Context) (opens.Result, error)
	Summaries(ctx context.Context, ids []int64) (opens.Stored, error)
}

// historyOpens is what the history screen knows of its links' opens.
type historyOpens struct {
	stored  opens.Stored // of the links loaded
	seq     int          // the query of the stored opens in flight
	readSeq int          // the read of new logs in flight, 0 when none
}

// queryOpens asks what the history holds of the loaded links' opens.
func (s *historyScreen) queryOpens() tea.Cmd {
	if s.c.deps.Opens == nil || len(s.links) == 0 {
		return nil
	}
	s.opens.seq = s.c.nextSeq()
	ids := make([]int64, len(s.links))
	for i, l := range s.links {
		ids[i] = l.ID
	}
	return storedOpensCmd(s.c.deps.Opens, s.c.ctx, ids, s.opens.seq)
}

// opensLoaded takes the answer to the current query of stored opens.
func (s *historyScreen) opensLoaded(msg opensMsg) tea.Cmd {
	if msg.seq != s.opens.seq {
		return nil
	}
	if msg.err != nil {
		return errorCmd(fmt.Errorf("cannot read the links' opens: %w", msg.err))
	}
	s.opens.stored = msg.stored
	return nil
}

// readLogs reads the access logs not read before, in the background.
func (s *historyScreen) readLogs() tea.Cmd {
	switch {
	case s.c.deps.Opens == nil:
		return statusCmd("Access logs are not read here")
	case s.opens.readSeq != 0:
		return statusCmd("Still reading the access logs: a moment")
	}
	s.opens.readSeq = s.c.nextSeq()
	return tea.Batch(readLogsCmd(s.c.deps.Opens, s.c.ctx, s.opens.readSeq),
		statusCmd("Reading the access logs (S3 delivers them hours late)…"))
}

// logsRead takes the answer to this screen's read: says what it found
// and shows the links' opens again.
func (s *historyScreen) logsRead(msg logsReadMsg) tea.Cmd {
	if s.opens.readSeq == 0 || msg.seq != s.opens.readSeq {
		return nil
	}
	s.opens.readSeq = 0
	if msg.err != nil {
		return errorCmd(wordLogsError(msg.err))
	}
	text := readText(msg.res, s.c)
	var push tea.Cmd
	if msg.res.NewHits > 0 {
		push = teamPush(s.c) // the opens of shared links, for the team
	}
	if len(msg.res.NotFound) > 0 {
		return tea.Batch(s.queryOpens(), push, msgCmd(statusMsg{text: text + "; " + wordLogsError(msg.res.NotFound[0]).Error(), err: true}))
	}
	return tea.Batch(s.queryOpens(), push, statusCmd(text))
}

// readText says what a read found and how far the logs go.
func readText(res opens.Result, c *common) string {
	upTo := opens.UpTo(res.LogsUpTo, c.now(), c.loc)
	switch {
	case res.Links == 0:
		return "No link can be opened or ended within a week: no logs read; " + upTo
	case res.Objects == 0:
		return "No new access logs; " + upTo
	}
	return fmt.Sprintf("Read %s: %s; %s", presigned.Plural(res.Objects, "new log object"),
		presigned.Plural(res.NewHits, "new request"), upTo)
}

// wordLogsError says, for the UI, how to give the log location when the
// server does not tell it.
func wordLogsError(err error) error {
	if errors.Is(err, accesslog.ErrLoggingUnknown) {
		return fmt.Errorf(`%w: set access_logs = "s3://LOG-BUCKET/PREFIX/" in the settings file or S3SHARE_ACCESS_LOGS`, err)
	}
	return err
}

// opened is the opened column of a link.
func (s *historyScreen) opened(l presigned.Link) string {
	return opens.Column(s.opens.stored.ByLink[l.ID], s.c.now())
}

// tried reports whether l no longer works and was tried after it ended:
// a renew (r) is due.
func (s *historyScreen) tried(l presigned.Link) bool {
	return s.opens.stored.ByLink[l.ID].AfterEnd > 0 && !l.StatusAt(s.c.now()).Live()
}

// opensDetail is the cursor link's opens in a sentence, with how far the
// logs go, and the key that renews it when it was tried after its end.
func (s *historyScreen) opensDetail(l presigned.Link) string {
	o := s.opens.stored.ByLink[l.ID]
	text := opens.Detail(o, s.c.now(), s.c.loc)
	if s.tried(l) {
		text += " (r)"
	}
	return text + " · " + opens.UpTo(s.opens.stored.LogsUpTo, s.c.now(), s.c.loc)
}

// storedOpensCmd sums up what the history holds of links' opens, for
// request seq.
func storedOpensCmd(o Opens, ctx context.Context, ids []int64, seq int) tea.Cmd {
	return func() tea.Msg {
		st, err := o.Summaries(ctx, ids)
		return opensMsg{seq: seq, stored: st, err: err}
	}
}

// readLogsCmd reads the access logs not read before, for request seq.
func readLogsCmd(o Opens, ctx context.Context, seq int) tea.Cmd {
	return func() tea.Msg {
		res, err := o.Read(ctx)
		return logsReadMsg{seq: seq, res: res, err: err}
	}
}
