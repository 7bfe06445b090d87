package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// qrScreen shows one link as a QR code, with its status and end under it,
// for a phone to open.
type qrScreen struct {
	c    *common
	link presigned.Link
	seq  int
	qr   *linkfmt.QR
	err  error
}

// newQRScreen returns the screen for l; its init encodes the code.
func newQRScreen(c *common, l presigned.Link) (*qrScreen, tea.Cmd) {
	s := &qrScreen{c: c, link: l, seq: c.nextSeq()}
	return s, qrCmd(l.URL, s.seq)
}

func (s *qrScreen) title() string   { return "QR code · " + s.link.Title() }
func (s *qrScreen) capturing() bool { return false }
func (s *qrScreen) busy() bool      { return s.qr == nil && s.err == nil }
func (s *qrScreen) close()          { s.seq = -1 }

func (s *qrScreen) help() helpKeys {
	k := s.c.keys
	return helpKeys{short: []key.Binding{k.Back}, full: [][]key.Binding{{k.Back}}}
}

func (s *qrScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case qrMsg:
		if msg.seq == s.seq {
			s.qr, s.err = msg.qr, msg.err
			if s.qr == nil && s.err == nil {
				s.err = errNoQR
			}
		}
	case tea.KeyPressMsg:
		if key.Matches(msg, s.c.keys.Back) || key.Matches(msg, s.c.keys.Confirm) {
			return msgCmd(popMsg{})
		}
	}
	return nil
}

func (s *qrScreen) view(w, h int) string {
	st := s.c.styles
	now := s.c.now()
	facts := fmt.Sprintf("%s · %s · ends %s", termtext.Escape(s.link.Title()), s.link.StatusAt(now),
		linkfmt.FormatEnd(s.link.End(), s.c.loc))
	switch {
	case s.err != nil:
		return st.Error.Render(wrap(termtext.Escape(s.err.Error()), w))
	case s.qr == nil:
		return st.Dim.Render("Drawing the QR code…")
	case !s.qr.Fits(w, h-2):
		return wrap(fmt.Sprintf("This link's QR code needs %d columns and %d rows; the terminal gives %d by %d. "+
			"Make the window larger (links signed with temporary credentials are long: about 1,500 characters).",
			s.qr.Columns(), s.qr.Rows()+2, w, h), w) + "\n\n" + st.Dim.Render(wrap(facts, w))
	}
	return strings.Join(append(s.qr.Lines(), "", fit(facts, w)), "\n")
}

// errNoQR is the answer when encoding returned neither a code nor an error.
var errNoQR = errors.New("the QR code could not be drawn: esc goes back")

// qrCmd encodes url as a QR code off the update loop (a long link takes
// about 20 ms).
func qrCmd(url string, seq int) tea.Cmd {
	return func() tea.Msg {
		q, err := linkfmt.NewQR(url)
		return qrMsg{seq: seq, qr: q, err: err}
	}
}
