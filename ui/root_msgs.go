package ui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/s3browse"
)

// noCredsHelp says what to configure when no credentials are found.
const noCredsHelp = "No AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID, run `aws configure` (or `aws sso login`), or use --endpoint-url for an S3-compatible server."

// creds records the start-up credentials, or says what to configure.
func (m *Model) creds(msg credsMsg) tea.Cmd {
	if msg.err == nil {
		c := msg.creds
		m.c.creds = &c
		return nil
	}
	if errors.Is(msg.err, s3browse.ErrNoCredentials) {
		return m.setStatus(noCredsHelp, true)
	}
	return m.setStatus(msg.err.Error(), true)
}

// issued starts the clipboard chain for freshly issued links.
func (m *Model) issued(msg issuedMsg) tea.Cmd {
	if msg.err != nil || len(msg.links) == 0 {
		return nil
	}
	cmds := []tea.Cmd{copyCmd(m.c, msg.links, issuedFor(msg.links)), msgCmd(LinkIssuedMsg{Links: msg.links})}
	if msg.saveErr != nil {
		cmds = append(cmds, errorCmd(fmt.Errorf("links issued but not saved in the history: %w", msg.saveErr)))
	}
	return tea.Batch(cmds...)
}

// copied reports the clipboard used; when the native one failed or was
// skipped it falls back to OSC 52.
func (m *Model) copied(msg copiedMsg) tea.Cmd {
	verb := "expire"
	if msg.count == 1 {
		verb = "expires"
	}
	what := plural(msg.count, "link")
	if msg.err == nil {
		return m.setStatus(fmt.Sprintf("Copied %s via system clipboard, %s in %s", what, verb, msg.expiry), false)
	}
	status := m.setStatus(fmt.Sprintf("Copied %s via OSC 52 (terminal clipboard), %s in %s", what, verb, msg.expiry), false)
	return tea.Batch(tea.SetClipboard(msg.text), status)
}
