package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/dustin/go-humanize"

	compact "github.com/s3share/s3share/listing"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// Finder searches below a folder at any depth; *s3browse.Browser
// satisfies it. The find screen takes it from Deps.Browser.
type Finder interface {
	Find(ctx context.Context, bucket, prefix string, opts s3browse.FindOptions, each func([]s3browse.Object) error) error
}

var _ Finder = (*s3browse.Browser)(nil)

// maxFindMsg bounds the matches one message carries: whatever is ready is
// handed over together, so a fast search does not cost a frame per page.
const maxFindMsg = 5000

// findStartedMsg says search seq is running and where its batches arrive.
type findStartedMsg struct {
	seq int
	ch  <-chan findMsg
}

// findMsg carries matches of search seq; done marks the last one.
type findMsg struct {
	seq  int
	objs []s3browse.Object
	done bool
	err  error
}

// findScreen searches below the folder it was opened from, at any depth:
// a name to look for, then the matches as they stream in.
type findScreen struct {
	c              *common
	bucket, prefix string
	all            bool // every object, not only images
	input          textinput.Model
	typing         bool
	pattern        string // the glob searched for
	seq            int
	ch             <-chan findMsg // where the search's batches arrive
	cancel         context.CancelFunc
	started        bool // a search ran at least once
	searching      bool
	stopped        bool // esc ended the search early
	err            error
	matches        compact.Pages // kept compactly, without the prefix
	list           vlist
}

// newFindScreen returns the screen for a search under bucket/prefix, with
// the name field focused.
func newFindScreen(c *common, bucket, prefix string, all bool) *findScreen {
	in := newInput("name: ", "text or glob (logo*, *.png); empty for every image")
	if all {
		in.Placeholder = "text or glob (logo*, *.png); empty for every object"
	}
	in.SetWidth(50)
	return &findScreen{c: c, bucket: bucket, prefix: prefix, all: all, input: in, typing: true}
}

// startFind opens the find screen under the folder on screen.
func (s *objectsScreen) startFind() tea.Cmd {
	f := newFindScreen(s.c, s.bucket, s.prefix, s.all)
	return pushCmd(f, f.input.Focus())
}

func (s *findScreen) title() string   { return "find in " + termtext.Escape(s.bucket+"/"+s.prefix) }
func (s *findScreen) capturing() bool { return s.typing }
func (s *findScreen) busy() bool      { return s.searching }

// close stops the search; its late messages are dropped.
func (s *findScreen) close() {
	s.stop()
	s.seq = -1
}

// stop cancels the search in flight, if any.
func (s *findScreen) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.searching = false
}

func (s *findScreen) help() helpKeys {
	k := s.c.keys
	if s.typing {
		return helpKeys{short: []key.Binding{k.Confirm, k.Back}, full: [][]key.Binding{{k.Confirm, k.Back}}}
	}
	return helpKeys{
		short: []key.Binding{k.Open, k.Share, k.Find, k.Back},
		full:  [][]key.Binding{k.movement(), {k.Open, k.Share, k.Find, k.Back}},
	}
}

func (s *findScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case findStartedMsg:
		return s.running(msg)
	case findMsg:
		return s.found(msg)
	case tea.KeyPressMsg:
		if s.typing {
			return s.typed(msg)
		}
		return s.key(msg)
	}
	return nil
}

// typed edits the name; enter starts the search, esc leaves.
func (s *findScreen) typed(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		if !s.started {
			return msgCmd(popMsg{})
		}
		s.typing = false // back to the matches of the last search
		s.input.Blur()
		return nil
	case "enter":
		return s.start()
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	s.err = nil
	return cmd
}

// start runs a search for the name typed, replacing any earlier one.
func (s *findScreen) start() tea.Cmd {
	opts := s3browse.FindOptions{Name: globFor(s.input.Value()), All: s.all}
	if err := opts.Check(); err != nil {
		s.err = err
		return nil
	}
	f, ok := s.c.deps.Browser.(Finder)
	if !ok {
		s.err = errors.New("this S3 connection cannot search")
		return nil
	}
	s.stop()
	ctx, cancel := context.WithCancel(s.c.ctx)
	s.cancel, s.seq = cancel, s.c.nextSeq()
	s.pattern, s.typing, s.started, s.searching, s.stopped, s.err = opts.Name, false, true, true, false, nil
	s.matches = nil
	s.list = vlist{}
	s.input.Blur()
	return startFindCmd(f, ctx, s.bucket, s.prefix, opts, s.seq)
}

// globFor turns what was typed into a glob: text without glob characters
// matches anywhere in the name, as the filter does.
func globFor(typed string) string {
	t := strings.TrimSpace(typed)
	if t == "" || strings.ContainsAny(t, "*?[") {
		return t
	}
	return "*" + t + "*"
}

// errSearchLost is the answer when a search started without a channel
// for its matches: nothing more can arrive.
var errSearchLost = errors.New("the search stopped before any match arrived: press f to search again")

// waitsFor reports whether seq is the search this screen waits for (0 is
// never a search: a screen that has not searched has seq 0).
func (s *findScreen) waitsFor(seq int) bool { return seq > 0 && seq == s.seq }

// running starts waiting for the matches of the current search.
func (s *findScreen) running(msg findStartedMsg) tea.Cmd {
	if !s.waitsFor(msg.seq) {
		return nil
	}
	if msg.ch == nil {
		return s.found(findMsg{seq: msg.seq, done: true, err: errSearchLost})
	}
	s.ch = msg.ch
	return waitFindCmd(msg.ch, msg.seq)
}

// found appends the matches of the current search, then waits for more;
// an error ends the search.
func (s *findScreen) found(msg findMsg) tea.Cmd {
	if !s.waitsFor(msg.seq) {
		return nil // a search replaced or abandoned
	}
	if len(msg.objs) > 0 {
		s.matches.Append(keepPage(s3browse.CompactObjects(s.prefix, msg.objs)))
	}
	s.list.setLen(s.matches.Len())
	if !msg.done && msg.err == nil && s.ch != nil {
		return waitFindCmd(s.ch, s.seq)
	}
	s.stop()
	s.ch = nil
	if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
		s.err = msg.err
		return errorCmd(msg.err)
	}
	return nil
}

// key handles the list of matches.
func (s *findScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	if s.list.handleKey(k, msg, s.c.height) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		if s.searching {
			s.stop()
			s.stopped = true
			s.seq = s.c.nextSeq() // matches still on their way are dropped
			return nil
		}
		return msgCmd(popMsg{})
	case key.Matches(msg, k.Find):
		s.typing = true
		return s.input.Focus()
	case key.Matches(msg, k.Open):
		return s.openFolder()
	case key.Matches(msg, k.Share):
		return s.share()
	}
	return nil
}

// current is the match under the cursor, or nil.
func (s *findScreen) current() *s3browse.Object {
	p, k := s.matches.At(s.list.cursor)
	if p == nil {
		return nil
	}
	o := s3browse.FileObject(p, k)
	return &o
}

// openFolder opens the folder that holds the match under the cursor, with
// the cursor on the match once its page has arrived.
func (s *findScreen) openFolder() tea.Cmd {
	o := s.current()
	if o == nil {
		return nil
	}
	dir := ""
	if i := strings.LastIndexByte(o.Key, '/'); i >= 0 {
		dir = o.Key[:i+1]
	}
	scr := newObjectsScreen(s.c, s.bucket, dir)
	scr.focus = o.Key
	return pushCmd(scr, scr.load())
}

// share opens the share dialog for the match under the cursor.
func (s *findScreen) share() tea.Cmd {
	o := s.current()
	if o == nil {
		return nil
	}
	d := newShareDialog(s.c, s.bucket, []string{o.Key})
	return pushCmd(d, d.init())
}

func (s *findScreen) view(w, h int) string {
	st := s.c.styles
	lines := []string{st.Header.Render(fit(s.header(), w))}
	if s.typing {
		lines = append(lines, s.input.View())
	}
	if s.err != nil {
		lines = append(lines, st.Error.Render(fit(termtext.Escape(firstLine(s.err.Error())), w)))
	}
	if s.matches.Len() == 0 && !s.typing {
		note := "Nothing found"
		if s.searching {
			note = "Searching…"
		}
		lines = append(lines, st.Dim.Render(note))
	}
	from, to := s.list.window(h - len(lines))
	for r := from; r < to; r++ {
		lines = append(lines, s.row(r, w))
	}
	return strings.Join(lines, "\n")
}

// header says what is searched and how far it got.
func (s *findScreen) header() string {
	what := "images"
	if s.all {
		what = "objects"
	}
	where := termtext.Escape("s3://" + s.bucket + "/" + s.prefix)
	if !s.started {
		return fmt.Sprintf("Find %s below %s, at any depth", what, where)
	}
	if s.pattern != "" {
		what += " named " + termtext.Escape(s.pattern)
	}
	state := "done"
	switch {
	case s.searching:
		state = "searching…"
	case s.stopped:
		state = "stopped"
	case s.err != nil:
		state = "incomplete"
	}
	return fmt.Sprintf("%s below %s · %s found · %s", what, where, humanize.Comma(int64(s.matches.Len())), state)
}

// row draws one match: its key below the folder, size and date.
func (s *findScreen) row(r, w int) string {
	p, k := s.matches.At(r)
	cols := fmt.Sprintf(" %9s", humanize.Bytes(uint64(p.Size(k))))
	if w >= 60 {
		cols += "  " + p.LastModified(k).In(s.c.loc).Format("2006-01-02 15:04")
	}
	name := termtext.Escape(p.Name(k))
	line := fitLeft(name, w-2-len(cols)) + cols
	if r == s.list.cursor {
		return s.c.styles.Cursor.Render("> " + line)
	}
	return "  " + line
}

// startFindCmd starts the search on a goroutine of its own and says where
// its batches will arrive. The goroutine ends when the search does: every
// send gives up once ctx is cancelled, and the channel is closed at the end.
func startFindCmd(f Finder, ctx context.Context, bucket, prefix string, opts s3browse.FindOptions, seq int) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan findMsg, 4)
		go func() {
			defer close(ch)
			err := f.Find(ctx, bucket, prefix, opts, func(objs []s3browse.Object) error {
				select {
				case ch <- findMsg{seq: seq, objs: objs}:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			select {
			case ch <- findMsg{seq: seq, done: true, err: err}:
			case <-ctx.Done():
			}
		}()
		return findStartedMsg{seq: seq, ch: ch}
	}
}

// waitFindCmd waits for the next batch of search seq and hands over, with
// it, whatever else is ready (up to maxFindMsg matches). A closed channel
// means the search was cancelled.
func waitFindCmd(ch <-chan findMsg, seq int) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return findMsg{seq: seq, done: true, err: context.Canceled}
		}
		for !msg.done && len(msg.objs) < maxFindMsg {
			select {
			case more, ok := <-ch:
				if !ok {
					msg.done, msg.err = true, context.Canceled
					return msg
				}
				msg.objs = append(msg.objs, more.objs...)
				msg.done, msg.err = more.done, more.err
			default:
				return msg
			}
		}
		return msg
	}
}
