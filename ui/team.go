package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/presigned"
)

// teamEvery is how often the open history syncs with the team ledger.
const teamEvery = 30 * time.Second

// teamWait bounds one sync or push: the UI never waits on it, but a
// stalled one must not hold the next.
const teamWait = 30 * time.Second

// teamTickMsg asks the history screen to sync with the team again.
type teamTickMsg struct{ seq int }

// teamSyncedMsg is what a sync with the team ledger (or a push alone, in
// the background) did.
type teamSyncedMsg struct {
	seq int // the history screen's sync it answers; 0 for a background push
	res ledger.SyncResult
	err error // the pull's error (a push's is in res.PushErr)
}

// teamSyncCmd pushes and pulls in the background.
func teamSyncCmd(c *common, seq int) tea.Cmd {
	t, ctx := c.deps.Team, c.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, teamWait)
		defer cancel()
		res, err := t.Sync(ctx)
		return teamSyncedMsg{seq: seq, res: res, err: err}
	}
}

// teamPush pushes what the UI just recorded, in the background; nil
// without a team.
func teamPush(c *common) tea.Cmd {
	t, ctx := c.deps.Team, c.ctx
	if t == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, teamWait)
		defer cancel()
		res, err := t.Push(ctx)
		return teamSyncedMsg{res: ledger.SyncResult{Push: res, PushErr: err}}
	}
}

// teamNews says what a sync brought from teammates ("" for nothing), and
// whether the history changed at all.
func teamNews(res ledger.SyncResult, me string) (string, bool) {
	counts := map[ledger.Kind]int{}
	applied := res.Push.Events > 0
	for _, p := range []ledger.PullResult{res.Push.Pulled, res.Pull} {
		applied = applied || len(p.Events) > 0
		for _, e := range p.Events {
			if e.Writer != me {
				counts[e.Kind]++
			}
		}
	}
	var parts []string
	for _, k := range ledger.Kinds() {
		if n := counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	if len(parts) == 0 {
		return "", applied
	}
	return "From the team: " + strings.Join(parts, ", "), applied
}

// teamStatus is the status line of a sync or push: its failure, else
// the news from teammates; "" for nothing to say.
func teamStatus(msg teamSyncedMsg, me string) (string, bool) {
	switch {
	case msg.res.PushErr != nil:
		return "Team: not shared yet, kept for the next sync: " + errorText(msg.res.PushErr), true
	case msg.err != nil:
		return "Team: cannot read the ledger: " + errorText(msg.err), true
	}
	news, _ := teamNews(msg.res, me)
	return news, false
}

// syncNow syncs with the team at once (S), saying so in the status line;
// the next tick comes teamEvery after it ends, as after any sync.
func (s *historyScreen) syncNow() tea.Cmd {
	if s.syncSeq != 0 {
		return statusCmd("Still syncing with the team…")
	}
	status := statusCmd("Syncing with the team…") // first: the answer's line replaces it
	cmd := s.teamSync()
	s.syncSeq = s.teamSeq
	return tea.Batch(status, cmd)
}

// syncedNowText is the status line of a sync asked for with S when the
// root has nothing to say of it (no failure, no news from teammates):
// that it is done. "" when the root speaks.
func syncedNowText(msg teamSyncedMsg, me string) string {
	if text, _ := teamStatus(msg, me); text != "" {
		return ""
	}
	if n := msg.res.Push.Events; n > 0 {
		return fmt.Sprintf("Team: %s shared, nothing new from teammates", presigned.Plural(n, "change"))
	}
	return "Team: up to date, nothing new from teammates"
}
