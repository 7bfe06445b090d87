package ui

import (
	"github.com/dustin/go-humanize"

	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	compact "github.com/s3share/s3share/listing" // named apart from the tests' func listing
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// entry is one folder or object of a listing, as the rows, the pane and
// the dialogs take it. Folders are kept as entries; objects are kept
// compactly (compact.Pages) and made into entries only for the rows on
// screen and the one under the cursor.
type entry struct {
	name  string // relative to the prefix; folders end in "/"
	lower string // a folder's name lower-cased, for the filter
	key   string // full key, or full prefix for folders
	obj   s3browse.Object
	image bool
}

// objectsScreen lists one folder of a bucket, streaming its pages. Folders
// and files are kept apart so folders stay first while pages stream in; the
// filtered views fIdx/shown grow by each page's matches only.
type objectsScreen struct {
	c              *common
	bucket, prefix string
	seq            int
	ctx            context.Context
	cancel         context.CancelFunc
	loading        bool
	err            error
	folders        []entry
	files          compact.Pages // the objects, a page as it came
	fIdx           []int         // the folders shown, ascending
	shown          shownSet      // the objects shown
	images         int           // how many files are images
	keyBuf         []byte        // a key being compared, without a string
	all            bool
	applied        string // the query fIdx/shown were built for
	list           vlist
	filter         filterBox
	selected       map[string]bool
	byHand         bool   // opened by name: remembered once it lists
	pages          int    // pages taken so far
	retryToken     string // the page whose listing failed, asked again on retry
	rowsTop        int    // the body line of the first row, as last drawn
	pane           *pane  // the preview pane, made on first use (preview_objects.go)
	focus          string // a key to put the cursor on once its page arrives; "" once there or once a key is pressed
}

// newObjectsScreen returns the screen for bucket/prefix; load starts it.
func newObjectsScreen(c *common, bucket, prefix string) *objectsScreen {
	return &objectsScreen{c: c, bucket: bucket, prefix: prefix, filter: newFilterBox(), selected: map[string]bool{}, shown: newShownSet()}
}

// load starts the listing with a context that close cancels.
func (s *objectsScreen) load() tea.Cmd {
	s.ctx, s.cancel = context.WithCancel(s.c.ctx)
	s.seq = s.c.nextSeq()
	s.loading = true
	return s.fetch("")
}

// fetch requests the page after token.
func (s *objectsScreen) fetch(token string) tea.Cmd {
	return loadPageCmd(s.c.deps.Browser, s.ctx, s.bucket, s.prefix, token, s.seq)
}

func (s *objectsScreen) title() string   { return s.bucket + "/" + s.prefix }
func (s *objectsScreen) capturing() bool { return s.filter.typing }
func (s *objectsScreen) busy() bool      { return s.loading }

// close cancels the listing; later pages for it are dropped.
func (s *objectsScreen) close() {
	if s.cancel != nil {
		s.cancel()
	}
	if s.pane != nil {
		s.pane.stop()
	}
	s.seq, s.loading = -1, false
}

func (s *objectsScreen) help() helpKeys {
	k := s.c.keys
	short := append([]key.Binding{k.Open, k.Select, k.Share, k.UpLevel, k.Filter, k.All, k.Find, k.Upload}, s.previewHelp()...)
	full := append([]key.Binding{k.Open, k.UpLevel, k.Select, k.Share, k.All, k.Filter, k.Find, k.Upload}, s.previewHelp(k.LoadLarge)...)
	if s.err != nil {
		short, full = append([]key.Binding{k.Retry}, short...), append(full, k.Retry)
	}
	return helpKeys{short: short, full: [][]key.Binding{k.movement(), full}}
}

func (s *objectsScreen) listUpdate(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageMsg:
		return s.page(msg)
	case linkIssuedMsg:
		clear(s.selected)
	case uploadedMsg:
		return s.uploaded(msg)
	case tea.PasteMsg:
		if u := pastedUpload(s.c, s.bucket, s.prefix, msg); u != nil {
			return pushCmd(u, u.init())
		}
		return statusCmd(notPaths)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// uploaded shows objects just uploaded into this folder: the listing is
// read again, with the cursor on the first of them and all of them
// selected (s shares them again).
func (s *objectsScreen) uploaded(msg uploadedMsg) tea.Cmd {
	if msg.bucket != s.bucket || msg.prefix != s.prefix || len(msg.keys) == 0 {
		return nil
	}
	if s.cancel != nil {
		s.cancel()
	}
	s.folders, s.files, s.fIdx, s.shown, s.images = nil, nil, nil, newShownSet(), 0
	s.pages, s.err, s.retryToken = 0, nil, ""
	s.list.setLen(0)
	clear(s.selected)
	for _, k := range msg.keys {
		s.selected[k] = true
	}
	s.focus = msg.keys[0]
	return s.load()
}

// page appends one page of this listing and asks for the next.
func (s *objectsScreen) page(msg pageMsg) tea.Cmd {
	if msg.seq != s.seq || msg.bucket != s.bucket || msg.prefix != s.prefix {
		return nil // a late page for a folder already left
	}
	if msg.err != nil {
		s.loading = false
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		s.err, s.retryToken = msg.err, msg.token
		return errorCmd(msg.err)
	}
	files := msg.files
	if files == nil { // a page of Objects: none of the Browser's
		files = keepPage(s3browse.CompactObjects(s.prefix, msg.page.Objects))
	}
	s.appendPage(msg.page.Folders, files)
	s.pages++
	var remember tea.Cmd
	if s.pages == 1 && s.byHand {
		remember = rememberCmd(s.c, s.bucket)
	}
	if msg.page.Last() {
		s.loading = false
		return remember
	}
	return tea.Batch(remember, s.fetch(msg.page.NextToken))
}

// appendPage adds a page; its cost is proportional to the page.
func (s *objectsScreen) appendPage(folders []string, files *compact.Page) {
	q := s.applied
	before, shown := len(s.fIdx), s.shown.len()
	for _, f := range folders {
		name := strings.TrimPrefix(f, s.prefix)
		s.folders = append(s.folders, entry{name: name, lower: strings.ToLower(name), key: f})
		if folderMatches(&s.folders[len(s.folders)-1], q) {
			s.fIdx = append(s.fIdx, len(s.folders)-1)
		}
	}
	if files.Len() > 0 {
		s.files.Append(files)
		s.images += files.Images()
		s.shown.add(files, q, !s.all)
		s.c.listed(s.files.Len())
	}
	if added := len(s.fIdx) - before; added > 0 && s.list.cursor >= before && s.list.n > 0 {
		s.list.cursor += added // keep the cursor on the same file
	}
	s.list.setLen(len(s.fIdx) + s.shown.len())
	s.placeFocus(shown)
}

// keepPage readies a page of objects for keeping in the UI: its ETags go
// (16 bytes an object), as nothing here shows them; a preview tells an
// object's versions apart by size and time instead (version). nil stays
// nil.
func keepPage(p *compact.Page) *compact.Page {
	if p != nil {
		p.DropETags()
	}
	return p
}

// manyObjects is how many objects in one folder make a listing big enough
// for Deps.ManyObjects: about half a megabyte of them, the point from which
// the listing is the part of the heap that grows.
const manyObjects = 10_000

// listed notes that a folder holds n objects, and calls Deps.ManyObjects
// the first time one holds manyObjects.
func (c *common) listed(n int) {
	if n >= manyObjects && !c.many {
		c.many = true
		if c.deps.ManyObjects != nil {
			c.deps.ManyObjects()
		}
	}
}

// placeFocus puts the cursor on the focus key if it is among the files
// shown from position from on.
func (s *objectsScreen) placeFocus(from int) {
	if s.focus == "" {
		return
	}
	for j := from; j < s.shown.len(); j++ {
		if string(s.fileKey(s.shown.at(j))) == s.focus {
			s.list.jump(len(s.fIdx) + j)
			s.focus = ""
			return
		}
	}
}

// fileKey is the key of object i, to compare without a string: it is
// s.keyBuf, until the next call.
func (s *objectsScreen) fileKey(i int32) []byte {
	p, k := s.files.At(int(i))
	s.keyBuf = p.AppendKey(s.keyBuf[:0], k)
	return s.keyBuf
}

// folderMatches reports whether folder e shows under the filter q.
func folderMatches(e *entry, q string) bool {
	return q == "" || strings.Contains(e.lower, q)
}

// filterChanged applies an edited filter, narrowing when it can.
func (s *objectsScreen) filterChanged() tea.Cmd {
	s.refilter(true)
	return nil
}

// refilter rebuilds the views for the current filter; a query that extends
// the applied one only narrows the current views. The cursor stays on its
// entry while that is still shown (clearing a filter returns to it), else
// goes to the top.
func (s *objectsScreen) refilter(narrow bool) {
	folder, was := s.cursorIndex()
	q := s.filter.query()
	if narrow && strings.Contains(q, s.applied) {
		s.fIdx = keep(s.fIdx, func(i int) bool { return strings.Contains(s.folders[i].lower, q) })
		s.shown.refilter(s.files, q, !s.all, true)
	} else {
		s.fIdx = s.fIdx[:0]
		for i := range s.folders {
			if folderMatches(&s.folders[i], q) {
				s.fIdx = append(s.fIdx, i)
			}
		}
		s.shown.refilter(s.files, q, !s.all, false)
	}
	s.applied = q
	s.list.setLen(len(s.fIdx) + s.shown.len())
	s.list.jump(s.rowOf(folder, was))
}

// cursorIndex says what the cursor is on: a folder or object, by its
// index in s.folders or s.files; -1 for nothing.
func (s *objectsScreen) cursorIndex() (folder bool, i int) {
	r := s.list.cursor
	switch {
	case r >= 0 && r < len(s.fIdx):
		return true, s.fIdx[r]
	case r >= len(s.fIdx) && r < len(s.fIdx)+s.shown.len():
		return false, int(s.shown.at(r - len(s.fIdx)))
	}
	return false, -1
}

// rowOf is the row showing folder or object i (as cursorIndex names
// them), or 0. The views are ascending, so it is a binary search.
func (s *objectsScreen) rowOf(folder bool, i int) int {
	if folder {
		if r, ok := slices.BinarySearch(s.fIdx, i); ok {
			return r
		}
		return 0
	}
	if r, ok := s.shown.find(int32(i)); ok && i >= 0 {
		return len(s.fIdx) + r
	}
	return 0
}

// keep filters idx in place.
func keep(idx []int, ok func(int) bool) []int {
	out := idx[:0]
	for _, i := range idx {
		if ok(i) {
			out = append(out, i)
		}
	}
	return out
}

// at returns the entry on row r and whether it is a folder. An object's
// entry is made for the call.
func (s *objectsScreen) at(r int) (*entry, bool) {
	if r >= 0 && r < len(s.fIdx) {
		return &s.folders[s.fIdx[r]], true
	}
	if r -= len(s.fIdx); r >= 0 && r < s.shown.len() {
		return s.fileEntry(s.shown.at(r)), false
	}
	return nil, false
}

// fileEntry makes the entry of object i.
func (s *objectsScreen) fileEntry(i int32) *entry {
	p, k := s.files.At(int(i))
	obj := s3browse.Object{Key: p.Key(k), Size: p.Size(k), LastModified: p.LastModified(k)}
	return &entry{name: p.Name(k), key: obj.Key, obj: obj, image: p.Image(k)}
}

func (s *objectsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	s.focus = "" // the person has taken over
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
	case key.Matches(msg, k.Back):
		if s.filter.clear() {
			s.refilter(false)
			return nil
		}
		return msgCmd(popMsg{})
	case key.Matches(msg, k.UpLevel):
		return msgCmd(popMsg{})
	case key.Matches(msg, k.Retry) && s.err != nil && !s.loading:
		s.err, s.loading = nil, true // the listing goes on from the page that failed
		return s.fetch(s.retryToken)
	case key.Matches(msg, k.Open):
		return s.open()
	case key.Matches(msg, k.Select):
		s.toggle()
	case key.Matches(msg, k.Share):
		return s.share()
	case key.Matches(msg, k.All):
		s.all = !s.all
		s.refilter(false)
	case key.Matches(msg, k.Find):
		return s.startFind()
	case key.Matches(msg, k.Upload) && s.c.deps.Uploader == nil:
		return errorCmd(errNoUploader)
	case key.Matches(msg, k.Upload):
		p := newFilePicker(s.c, s.bucket, s.prefix, s.c.deps.UploadDir)
		return pushCmd(p, p.load(s.c.deps.UploadDir))
	}
	return nil
}

// open enters a folder or opens the share dialog for an object.
func (s *objectsScreen) open() tea.Cmd {
	e, folder := s.at(s.list.cursor)
	switch {
	case e == nil:
		return nil
	case folder:
		o := newObjectsScreen(s.c, s.bucket, e.key)
		return pushCmd(o, o.load())
	}
	return s.openShare([]string{e.key})
}

// toggle selects or deselects the object under the cursor and moves on.
func (s *objectsScreen) toggle() {
	e, folder := s.at(s.list.cursor)
	if e == nil || folder {
		return
	}
	if s.selected[e.key] {
		delete(s.selected, e.key)
	} else {
		s.selected[e.key] = true
	}
	s.list.move(1)
}

// share opens the dialog for the selection, or the object under the cursor.
func (s *objectsScreen) share() tea.Cmd {
	keys := s.selectedKeys()
	if len(keys) == 0 {
		e, folder := s.at(s.list.cursor)
		if e == nil || folder {
			return statusCmd("Select objects with space, or move to an object, then press s")
		}
		keys = []string{e.key}
	}
	return s.openShare(keys)
}

// selectedKeys are the keys selected, in the listing's order.
func (s *objectsScreen) selectedKeys() []string {
	var keys []string
	for _, p := range s.files {
		for k := range p.Len() {
			if len(keys) == len(s.selected) {
				return keys // all found
			}
			s.keyBuf = p.AppendKey(s.keyBuf[:0], k)
			if s.selected[string(s.keyBuf)] {
				keys = append(keys, string(s.keyBuf))
			}
		}
	}
	return keys
}

// openShare pushes the share dialog for keys.
func (s *objectsScreen) openShare(keys []string) tea.Cmd {
	d := newShareDialog(s.c, s.bucket, keys)
	return pushCmd(d, d.init())
}

func (s *objectsScreen) listView(w, h int) string {
	st := s.c.styles
	lines := []string{s.header(w)}
	if e := s.stopped(w); e != "" {
		lines = append(lines, e)
	}
	total := len(s.folders) + s.images
	if s.all {
		total = len(s.folders) + s.files.Len()
	}
	if f := s.filter.view(w, s.list.n, total); f != "" {
		lines = append(lines, f)
	}
	switch {
	case s.list.n == 0 && s.loading:
		lines = append(lines, st.Dim.Render("Loading…"))
	case s.list.n == 0 && s.err != nil:
		lines = append(lines, st.Error.Render(wrap("listing stopped (r retries): "+termtext.Escape(s.err.Error()), w)))
	case s.list.n == 0 && s.filter.active():
		lines = append(lines, st.Dim.Render("Nothing matches the filter (esc clears it)"))
	case s.list.n == 0 && !s.all:
		lines = append(lines, st.Dim.Render("No folders or images here (a shows all objects)"))
	case s.list.n == 0:
		lines = append(lines, st.Dim.Render("This folder is empty"))
	}
	lines, s.rowsTop = s.list.below(lines, h, func(r int) string { return s.row(r, w) })
	return strings.Join(lines, "\n")
}

// listArea is the list and where its rows start, for the mouse.
func (s *objectsScreen) listArea() (*vlist, int) { return &s.list, s.rowsTop }

// header summarises the folder: counts, selection, mode, loading.
func (s *objectsScreen) header(w int) string {
	mode := "images"
	if s.all {
		mode = "all objects"
	}
	h := fmt.Sprintf("%s, %s, %s · showing %s", presigned.Plural(len(s.folders), "folder"), presigned.Plural(s.images, "image"), presigned.Plural(s.files.Len(), "object"), mode)
	if n := len(s.selected); n > 0 {
		h += fmt.Sprintf(" · %d selected", n)
	}
	switch {
	case s.loading:
		h += " · loading more…"
	case s.err != nil:
		h += " · incomplete"
	}
	return s.c.styles.Header.Render(fit(h, w))
}

// stopped says why the listing ended before its last page, or "".
func (s *objectsScreen) stopped(w int) string {
	if s.err == nil || s.list.n == 0 {
		return "" // with no rows the error fills the body instead
	}
	return s.c.styles.Error.Render(fit("listing stopped (r retries): "+termtext.Escape(s.err.Error()), w))
}

// row draws one folder or object: marker, name, size, last modified.
func (s *objectsScreen) row(r, w int) string {
	name, selected, folder := s.rowFacts(r)
	cols := ""
	if !folder {
		p, k := s.files.At(int(s.shown.at(r - len(s.fIdx))))
		cols = fileCols(p.Size(k), p.LastModified(k).In(s.c.loc), w)
	}
	return drawRow(s.c.styles, rowLook{cursor: r == s.list.cursor, selected: selected, folder: folder}, name, cols, w)
}

// fileCols are a file row's columns: its size, and where w leaves room
// its last modified time.
func fileCols(size int64, mod time.Time, w int) string {
	cols := fmt.Sprintf(" %9s", humanize.Bytes(uint64(size)))
	if w >= 60 {
		cols += "  " + mod.Format("2006-01-02 15:04")
	}
	return cols
}

// rowLook is how a row of a listing is drawn.
type rowLook struct{ cursor, selected, folder bool }

// drawRow draws a row of a listing in w cells: the cursor, the selection
// mark, the name (escaped, cut to fit) and the columns.
func drawRow(st theme, look rowLook, name, cols string, w int) string {
	cursor, mark := "  ", "  "
	if look.cursor {
		cursor = "> "
	}
	if look.selected {
		mark = "● "
	}
	line := cursor + mark + fit(termtext.Escape(name), w-4-len(cols)) + cols
	switch {
	case look.cursor:
		return st.Cursor.Render(line)
	case look.folder:
		return st.Folder.Render(line)
	case look.selected:
		return st.Selected.Render(line)
	}
	return line
}

// rowFacts are what row r shows of its entry: the name, whether it is
// selected, whether it is a folder. An object's key is looked up in the
// selection without a string of its own.
func (s *objectsScreen) rowFacts(r int) (name string, selected, folder bool) {
	if r < len(s.fIdx) {
		e := &s.folders[s.fIdx[r]]
		return e.name, s.selected[e.key], true
	}
	i := s.shown.at(r - len(s.fIdx))
	p, k := s.files.At(int(i))
	return p.Name(k), len(s.selected) > 0 && s.selected[string(s.fileKey(i))], false
}
