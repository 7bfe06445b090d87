package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// bucketsScreen lists buckets with their region; enter opens one.
type bucketsScreen struct {
	c       *common
	seq     int
	loading bool
	err     error
	buckets []s3browse.Bucket
	lower   []string
	idx     []int
	list    vlist
	filter  filterBox
	known   bool // the rows are buckets opened by name before, not a listing
	rowsTop int  // the body line of the first row, as last drawn
}

// newBucketsScreen returns the first screen, waiting for its bucket list.
func newBucketsScreen(c *common) *bucketsScreen {
	return &bucketsScreen{c: c, loading: true, filter: newFilterBox()}
}

// load starts (or restarts) the bucket listing.
func (s *bucketsScreen) load() tea.Cmd {
	if s.c.deps.Browser == nil {
		s.loading, s.err = false, errors.New("no S3 browser configured")
		return nil
	}
	s.seq = s.c.nextSeq()
	s.loading = true
	return loadBucketsCmd(s.c.deps.Browser, s.c.ctx, s.seq)
}

func (s *bucketsScreen) title() string   { return "buckets" }
func (s *bucketsScreen) capturing() bool { return s.filter.typing }
func (s *bucketsScreen) busy() bool      { return s.loading }
func (s *bucketsScreen) close()          {}

func (s *bucketsScreen) help() helpKeys {
	k := s.c.keys
	short := []key.Binding{k.Up, k.Down, k.Open, k.Filter}
	if s.err != nil {
		short = []key.Binding{k.Goto, k.Retry, k.Open}
	}
	return helpKeys{short: short, full: [][]key.Binding{k.movement(), {k.Open, k.Goto, k.Filter, k.Retry}}}
}

func (s *bucketsScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case bucketsMsg:
		return s.loaded(msg)
	case rememberedMsg:
		if s.err != nil && !s.loading {
			return knownBucketsCmd(s.c, s.seq) // the buckets screen lists it from now on
		}
	case knownBucketsMsg:
		return s.knownLoaded(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// loaded takes the bucket list of the current request.
func (s *bucketsScreen) loaded(msg bucketsMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil
	}
	s.loading, s.err, s.known = false, msg.err, false
	if msg.err != nil {
		s.setBuckets(nil)
		return knownBucketsCmd(s.c, s.seq) // the way in when listing is denied
	}
	s.setBuckets(msg.buckets)
	return nil
}

// knownLoaded shows the buckets opened by name before, for the current
// request, or says why they cannot be read.
func (s *bucketsScreen) knownLoaded(msg knownBucketsMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil
	}
	if msg.err != nil {
		return errorCmd(fmt.Errorf("cannot read the buckets opened before: %w", msg.err))
	}
	s.setBuckets(msg.buckets)
	s.known = true
	return nil
}

// setBuckets shows buckets as the list.
func (s *bucketsScreen) setBuckets(buckets []s3browse.Bucket) {
	s.buckets = buckets
	s.lower = make([]string, len(buckets))
	for i, b := range buckets {
		s.lower[i] = strings.ToLower(b.Name)
	}
	s.refilter()
}

// filterChanged applies an edited filter.
func (s *bucketsScreen) filterChanged() tea.Cmd {
	s.refilter()
	return nil
}

// refilter rebuilds the visible index from the filter; the cursor stays on
// its bucket while that is still shown, else goes to the top.
func (s *bucketsScreen) refilter() {
	was := -1
	if s.list.cursor < len(s.idx) {
		was = s.idx[s.list.cursor]
	}
	q := s.filter.query()
	s.idx = s.idx[:0]
	row := 0
	for i, l := range s.lower {
		if q == "" || strings.Contains(l, q) {
			if i == was {
				row = len(s.idx)
			}
			s.idx = append(s.idx, i)
		}
	}
	s.list.setLen(len(s.idx))
	s.list.jump(row)
}

func (s *bucketsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	if cmd, used := s.filter.typed(s.c.keys, msg, s.filterChanged); used {
		return cmd
	}
	if s.list.handleKey(k, msg, s.c.height) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Filter):
		return s.filter.start()
	case key.Matches(msg, k.Retry) && s.err != nil:
		return s.load()
	case key.Matches(msg, k.Back):
		if s.filter.clear() {
			s.refilter()
		}
	case key.Matches(msg, k.Open):
		if len(s.idx) > 0 {
			b := s.buckets[s.idx[s.list.cursor]]
			o := newObjectsScreen(s.c, b.Name, "")
			return pushCmd(o, o.load())
		}
	}
	return nil
}

func (s *bucketsScreen) view(w, h int) string {
	st := s.c.styles
	var lines []string
	if f := s.filter.view(w, len(s.idx), len(s.buckets)); f != "" {
		lines = append(lines, f)
	}
	switch {
	case s.err != nil && errors.Is(s.err, s3browse.ErrNoCredentials):
		return st.Error.Render("Cannot list buckets.") + "\n\n" + wrap(noCredsHelp, w)
	case s.err != nil && len(s.buckets) == 0:
		return wrap(st.Error.Render("Cannot list buckets: ")+termtext.Escape(listError(s.err)), w) + "\n\n" +
			wrap("Press o to open a bucket by name (s3://bucket/folder/), or r to try again.", w)
	case s.err != nil:
		lines = append([]string{wrap(st.Error.Render("Cannot list buckets: ")+termtext.Escape(listError(s.err)), w),
			st.Dim.Render(fit("Buckets opened before (o opens another by name, r tries the list again):", w))}, lines...)
	case s.loading:
		return st.Dim.Render("Loading buckets…")
	case len(s.buckets) == 0:
		return st.Dim.Render("No buckets here. Create one, or check the profile and endpoint.")
	}
	used := 0
	if len(lines) > 0 {
		used = strings.Count(strings.Join(lines, "\n"), "\n") + 1
	}
	s.rowsTop = used
	from, to := s.list.window(h - used)
	for r := from; r < to; r++ {
		lines = append(lines, s.row(r, w))
	}
	return strings.Join(lines, "\n")
}

// listArea is the list and where its rows start, for the mouse.
func (s *bucketsScreen) listArea() (*vlist, int) { return &s.list, s.rowsTop }

// listError is the one-line reason the bucket list failed, without the
// "list buckets:" the heading already says.
func listError(err error) string {
	return strings.TrimPrefix(firstLine(err.Error()), "list buckets: ")
}

// row draws one bucket.
func (s *bucketsScreen) row(r, w int) string {
	b := s.buckets[s.idx[r]]
	region := b.Region
	if region == "" {
		region = "-"
	}
	line := "  " + fit(termtext.Escape(b.Name), w-18) + " " + fit(region, 15)
	if r == s.list.cursor {
		return s.c.styles.Cursor.Render(fit("> "+line[2:], w))
	}
	return line
}
