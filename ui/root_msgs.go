package ui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// noCredsHelp says what to configure when no credentials are found, as
// s3browse's error does for the commands.
const noCredsHelp = "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
	"choose a profile (--profile or AWS_PROFILE) or run `aws configure` (`aws sso login` for SSO). " +
	"An S3-compatible server needs its own access keys, set the same way."

// creds records the start-up credentials, or says what to configure: in
// the status line, unless the buckets screen is on top, which says it.
func (m *model) creds(msg credsMsg) tea.Cmd {
	if msg.err == nil {
		c := msg.creds
		m.c.creds = &c
		return nil
	}
	if errors.Is(msg.err, s3browse.ErrNoCredentials) {
		if _, buckets := m.top().(*bucketsScreen); buckets {
			return nil
		}
		return m.setStatus(noCredsHelp, true)
	}
	return m.setStatus(errorText(msg.err), true)
}

// afterIssue starts the clipboard chain for links a screen accepted as the
// answer to its own, still wanted, request: replies to cancelled or
// abandoned requests never reach it, so they are neither copied nor
// announced.
func afterIssue(c *common, msg issuedMsg) tea.Cmd {
	if msg.err != nil || len(msg.links) == 0 {
		return nil
	}
	return tea.Batch(copyCmd(c, msg.links, issuedFor(msg.links)), msgCmd(linkIssuedMsg{Links: msg.links}))
}

// lateIssue announces a cancelled request that was recorded all the same,
// whether or not the screen that cancelled it is still open: the history
// must never gain links the user was told nothing about.
func (m *model) lateIssue(msg issuedMsg) tea.Cmd {
	if !m.c.takeCancelled(msg.seq) || !msg.recorded {
		return nil
	}
	return m.setStatus(fmt.Sprintf("A cancelled share was recorded after all: %s in the history (H), not copied", presigned.Plural(len(msg.links), "link")), false)
}

// copied reports the clipboard used; when the native one failed or was
// skipped it falls back to OSC 52, which the terminal cannot confirm. A
// failed native clipboard is an error (e shows it in full).
func (m *model) copied(msg copiedMsg) tea.Cmd {
	status := m.setStatus(copiedText(msg), msg.nativeErr != nil)
	if !msg.osc52 || msg.count == 0 {
		return status
	}
	return tea.Batch(tea.SetClipboard(msg.text), status)
}

// copiedText says where the links went and when they expire; why the
// system clipboard failed comes first, so a narrow status line keeps it.
func copiedText(msg copiedMsg) string {
	if msg.count == 0 {
		return noLinksToCopy
	}
	verb := "expire"
	if msg.count == 1 {
		verb = "expires"
	}
	what := presigned.Plural(msg.count, "link")
	if !msg.osc52 {
		return fmt.Sprintf("Copied %s via system clipboard, %s in %s", what, verb, msg.expiry)
	}
	text := fmt.Sprintf("%s to the terminal clipboard (OSC 52) — v reveals the URLs to copy by hand · %s in %s", what, verb, msg.expiry)
	if msg.nativeErr != nil {
		return "System clipboard failed: " + firstLine(msg.nativeErr.Error()) + " · sent " + text
	}
	return "Sent " + text
}

// teamSynced says in the status line what a sync or push with the team
// did, when there is something to say: a failure, or teammates' news.
func (m *model) teamSynced(msg teamSyncedMsg) tea.Cmd {
	if m.c.deps.Team == nil {
		return nil
	}
	text, isErr := teamStatus(msg, m.c.deps.Team.Name())
	if text == "" {
		return nil
	}
	return m.setStatus(text, isErr)
}
