package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// filePicker chooses local images to upload into a folder: it lists a
// directory's folders and images (by name; their bytes are checked
// before they are sent), starting in the working directory. space marks
// files, in as many directories as wanted; enter on a folder opens it,
// on a file uploads the marked files, or that one when none is marked.
//
// bubbles' filepicker was the starting point, but it cannot be bent to
// this: it draws file names as they are (no escaping), keeps its rows
// private (no marks can be drawn on them), stats files while drawing,
// and matches extensions case-sensitively.
type filePicker struct {
	c              *common
	bucket, prefix string // where the files go
	dir            string // absolute; "" until the first listing
	seq            int
	loading        bool
	err            error
	entries        []localEntry
	list           vlist
	marked         []string // full paths, in the order marked
	focus          string   // a folder to put the cursor on once listed: the one ⌫ came from
	rowsTop        int
}

// newFilePicker returns the picker for uploads into bucket/prefix,
// starting in dir ("" for the working directory); load lists it.
func newFilePicker(c *common, bucket, prefix, dir string) *filePicker {
	return &filePicker{c: c, bucket: bucket, prefix: prefix, dir: dir}
}

// load lists dir, dropping any listing still on its way.
func (p *filePicker) load(dir string) tea.Cmd {
	p.seq, p.loading = p.c.nextSeq(), true
	return readLocalDirCmd(dir, p.seq)
}

func (p *filePicker) title() string   { return "upload · " + p.bucket + "/" + p.prefix }
func (p *filePicker) capturing() bool { return false }
func (p *filePicker) busy() bool      { return p.loading }
func (p *filePicker) close()          { p.seq = -1 }

func (p *filePicker) help() helpKeys {
	k := p.c.keys
	open, mark := withHelp(k.Open, "open / upload"), withHelp(k.Select, "mark")
	short := []key.Binding{open, mark, k.UpLevel, k.Back}
	return helpKeys{short: short, full: [][]key.Binding{k.movement(), short}}
}

// listArea is the list and where its rows start, for the mouse.
func (p *filePicker) listArea() (*vlist, int) { return &p.list, p.rowsTop }

func (p *filePicker) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case localDirMsg:
		p.listed(msg)
	case tea.PasteMsg:
		if u := pastedUpload(p.c, p.bucket, p.prefix, msg); u != nil {
			return msgCmd(replaceMsg{s: u, init: u.init()})
		}
		return statusCmd(notPaths)
	case tea.KeyPressMsg:
		return p.key(msg)
	}
	return nil
}

// listed takes a directory's listing; on an error the directory asked
// for is kept, so ⌫ goes up from it.
func (p *filePicker) listed(msg localDirMsg) {
	if msg.seq != p.seq {
		return
	}
	p.loading, p.err, p.dir = false, msg.err, msg.dir
	p.entries = msg.entries
	p.list = vlist{}
	p.list.setLen(len(p.entries))
	for i, e := range p.entries {
		if e.dir && e.name == p.focus {
			p.list.jump(i)
		}
	}
	p.focus = ""
}

func (p *filePicker) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.keys
	if p.list.handleKey(k, msg, p.c.height) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return msgCmd(popMsg{})
	case key.Matches(msg, k.UpLevel):
		if p.dir != "" && filepath.Dir(p.dir) != p.dir {
			p.focus = filepath.Base(p.dir)
			return p.load(filepath.Dir(p.dir))
		}
	case key.Matches(msg, k.Select):
		p.toggle()
	case key.Matches(msg, k.Open):
		return p.open()
	}
	return nil
}

// at is the entry under the cursor, or nil.
func (p *filePicker) at() *localEntry {
	if p.loading || p.list.cursor >= len(p.entries) {
		return nil
	}
	return &p.entries[p.list.cursor]
}

// toggle marks or unmarks the file under the cursor and moves on.
func (p *filePicker) toggle() {
	e := p.at()
	if e == nil || e.dir {
		return
	}
	path := filepath.Join(p.dir, e.name)
	if i := slices.Index(p.marked, path); i >= 0 {
		p.marked = slices.Delete(p.marked, i, i+1)
	} else {
		p.marked = append(p.marked, path)
	}
	p.list.move(1)
}

// open enters a folder, or uploads the marked files (else the one under
// the cursor) in place of the picker.
func (p *filePicker) open() tea.Cmd {
	e := p.at()
	switch {
	case e != nil && e.dir:
		return p.load(filepath.Join(p.dir, e.name))
	case len(p.marked) == 0 && e == nil:
		return nil
	}
	paths := p.marked
	if len(paths) == 0 {
		paths = []string{filepath.Join(p.dir, e.name)}
	}
	u := newUploadScreen(p.c, p.bucket, p.prefix, [][]string{paths}, false)
	return msgCmd(replaceMsg{s: u, init: u.init()})
}

func (p *filePicker) view(w, h int) string {
	st := p.c.styles
	head := "Upload to " + folderURL(p.bucket, p.prefix)
	if n := len(p.marked); n > 0 {
		head += fmt.Sprintf(" · %s marked", presigned.Plural(n, "file"))
	}
	lines := []string{st.Header.Render(fit(termtext.Escape(head), w)), fitLeft(termtext.Escape(p.dir), w)}
	switch {
	case p.err != nil:
		lines = append(lines, st.Error.Render(wrap(termtext.Escape(p.err.Error())+" (⌫ goes up)", w)))
	case p.loading && len(p.entries) == 0:
		lines = append(lines, st.Dim.Render("Loading…"))
	case len(p.entries) == 0:
		lines = append(lines, st.Dim.Render("No folders or images here (⌫ goes up)"))
	}
	lines, p.rowsTop = p.list.below(lines, h, func(r int) string { return p.row(r, w) })
	return strings.Join(lines, "\n")
}

// row draws one folder or image: cursor, mark, name, size, modified.
func (p *filePicker) row(r, w int) string {
	e := &p.entries[r]
	look := rowLook{cursor: r == p.list.cursor, folder: e.dir}
	if e.dir {
		return drawRow(p.c.styles, look, e.name+"/", "", w)
	}
	look.selected = slices.Contains(p.marked, filepath.Join(p.dir, e.name))
	return drawRow(p.c.styles, look, e.name, fileCols(e.size, e.mod.In(p.c.loc), w), w)
}
