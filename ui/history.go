package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// historyPage is how many links one history query loads; more load as the
// cursor nears the end. One more row is asked for to tell whether there
// are more.
const historyPage = 500

// refreshEvery is how often the history screen redraws its relative times
// and looks for links other processes recorded.
const refreshEvery = time.Second

// Automatic checks when the history opens: live links not checked for
// recheckAfter, at most autoCheckMax of them (each check is a GET the
// bucket owner pays for).
const (
	recheckAfter = 10 * time.Minute
	autoCheckMax = 200
)

// filterNames label the history filters, in tab order.
var filterNames = []string{"all", "active", "expired"}

// historyScreen lists issued links with their status.
type historyScreen struct {
	c        *common
	seq      int
	filter   history.Filter
	search   filterBox
	loading  bool
	err      error
	links    []presigned.Link
	more     bool  // the query has rows past those loaded
	keepID   int64 // the link the cursor stays on across a reload
	version  int64 // the history's data version at the last load
	tickSeq  int   // the refresh tick in flight
	list     vlist
	deleting int64 // id awaiting y, 0 when none
	revoking int64 // id awaiting y, 0 when none
	reveal   bool
	renewSeq int
	cancel   context.CancelFunc // stops the renew in flight
	checkSeq int                // the check in flight, 0 when none
	selected map[int64]bool     // links picked with space, by id
	rowsTop  int                // the body line of the first row, as last drawn
	autoDone bool               // the opening check was started
	opens    historyOpens       // what the access logs said (history_opens.go)
	mine     bool               // with a team: only this member's links
	teamSeq  int                // the team sync or its tick in flight; -1 once closed
	syncSeq  int                // the sync asked for with S in flight, 0 when none
	label    labelEdit          // the label being edited (history_label.go)
	// versionErr is the last error of the refresh's version query, said
	// once rather than every second.
	versionErr string
}

// newHistoryScreen returns the history screen; load fills it.
func newHistoryScreen(c *common) *historyScreen {
	s := &historyScreen{c: c, search: newFilterBox(), selected: map[int64]bool{}}
	s.search.input.Prompt = "search: "
	return s
}

// init loads the first page and starts the refresh tick, and with a team
// the first sync (the next every teamEvery after it ends).
func (s *historyScreen) init() tea.Cmd {
	return tea.Batch(s.load(), s.tick(), s.teamSync())
}

// teamSync syncs with the team in the background; nil without one.
func (s *historyScreen) teamSync() tea.Cmd {
	if s.c.deps.Team == nil {
		return nil
	}
	s.teamSeq = s.c.nextSeq()
	return teamSyncCmd(s.c, s.teamSeq)
}

// teamSynced reloads when a sync or push changed the history (this
// process's own writes do not move its data version), schedules the next
// sync once this screen's has ended, and answers a sync asked for with S.
func (s *historyScreen) teamSynced(msg teamSyncedMsg) tea.Cmd {
	if s.teamSeq < 0 {
		return nil
	}
	var cmds []tea.Cmd
	if _, applied := teamNews(msg.res, ""); applied && s.seq >= 0 {
		cmds = append(cmds, s.load())
	}
	if msg.seq != 0 && msg.seq == s.teamSeq {
		cmds = append(cmds, s.c.after(teamEvery, teamTickMsg{seq: s.teamSeq}))
	}
	if msg.seq != 0 && msg.seq == s.syncSeq {
		s.syncSeq = 0
		if text := syncedNowText(msg, s.c.deps.Team.Name()); text != "" {
			cmds = append(cmds, statusCmd(text))
		}
	}
	return tea.Batch(cmds...)
}

// load queries the history again from the top, as many rows as are loaded
// (at least a page), keeping the cursor on its link; replies to older
// queries are dropped.
func (s *historyScreen) load() tea.Cmd {
	if l, ok := s.current(); ok {
		s.keepID = l.ID
	}
	return s.query(0, max(len(s.links), historyPage))
}

// query asks for n rows from offset.
func (s *historyScreen) query(offset, n int) tea.Cmd {
	s.seq = s.c.nextSeq()
	s.loading = true
	q := history.Query{Filter: s.filter, Search: strings.TrimSpace(s.search.input.Value()), Limit: n + 1, Offset: offset}
	if t := s.c.deps.Team; t != nil {
		q.Mine, q.Me = s.mine, t.Name()
	}
	return historyCmd(s.c.deps.History, s.c.ctx, q, s.seq)
}

// loadMore loads the next page once the cursor nears the end.
func (s *historyScreen) loadMore() tea.Cmd {
	if !s.more || s.loading || s.list.cursor < len(s.links)-historyPage/10 {
		return nil
	}
	return s.query(len(s.links), historyPage)
}

// tick schedules the next refresh.
func (s *historyScreen) tick() tea.Cmd {
	s.tickSeq = s.c.nextSeq()
	return s.c.after(refreshEvery, historyTickMsg{seq: s.tickSeq})
}

// refreshed reloads when another process changed the history. The reply
// belongs to the tick before the current one.
func (s *historyScreen) refreshed(msg historyVersionMsg) tea.Cmd {
	if s.tickSeq < 0 {
		return nil
	}
	if msg.err != nil {
		if msg.err.Error() == s.versionErr {
			return nil
		}
		s.versionErr = msg.err.Error()
		return errorCmd(fmt.Errorf("cannot look for links recorded elsewhere: %w", msg.err))
	}
	s.versionErr = ""
	changed := s.version != 0 && msg.version != s.version
	s.version = msg.version
	if changed && !s.loading {
		return s.load()
	}
	return nil
}

func (s *historyScreen) title() string {
	return "history · " + filterNames[s.filter]
}
func (s *historyScreen) capturing() bool {
	return s.search.typing || s.deleting != 0 || s.revoking != 0 || s.label.editing()
}
func (s *historyScreen) busy() bool {
	return s.loading || s.checkSeq != 0 || s.opens.readSeq != 0 || s.syncSeq != 0
}

// close drops pending replies and cancels a renew in flight; should the
// renew have been recorded already, the root announces its late reply.
func (s *historyScreen) close() {
	if s.renewSeq > 0 {
		s.c.markCancelled(s.renewSeq)
	}
	s.seq, s.renewSeq, s.checkSeq, s.tickSeq, s.teamSeq, s.syncSeq = -1, -1, 0, -1, -1, 0
	s.label = labelEdit{}
	s.opens.seq, s.opens.readSeq = -1, 0
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *historyScreen) help() helpKeys {
	k := s.c.keys
	h := helpKeys{
		short: []key.Binding{k.Copy, k.Renew, k.Check, k.Opens, k.Revoke, k.Delete, k.Cycle, k.Filter, k.Back},
		full: [][]key.Binding{
			k.movement(),
			{k.Cycle, k.Select, k.Copy, k.CopyAs, k.Renew, k.reveal(s.reveal), k.Filter},
			{k.Check, k.CheckAll, k.Opens, k.Revoke, k.Delete, k.QR, k.Label},
		},
	}
	if s.c.deps.Team != nil {
		h.full[1] = append(h.full[1], k.Mine)
		h.full[2] = append(h.full[2], k.SyncTeam)
	}
	return h
}

func (s *historyScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case historyMsg:
		return s.loaded(msg)
	case copyReadyMsg:
		return s.copyReady(msg)
	case historyTickMsg:
		if msg.seq != s.tickSeq {
			return nil
		}
		ask := versionCmd(s.c.deps.History, s.c.ctx, s.tickSeq)
		return tea.Batch(ask, s.tick()) // the redraw after this updates the times
	case historyVersionMsg:
		return s.refreshed(msg)
	case teamTickMsg:
		if msg.seq != s.teamSeq || s.teamSeq < 0 {
			return nil
		}
		return s.teamSync()
	case teamSyncedMsg:
		return s.teamSynced(msg)
	case checkedMsg:
		return s.checked(msg)
	case opensMsg:
		return s.opensLoaded(msg)
	case logsReadMsg:
		return s.logsRead(msg)
	case relabelledMsg:
		return s.relabelled(msg)
	case revokedMsg:
		if msg.err != nil {
			return errorCmd(msg.err)
		}
		if msg.id == 0 {
			return nil // no link has id 0: not an answer to a revoke
		}
		return tea.Batch(s.load(), statusCmd(revokedText(msg)))
	case issuedMsg:
		return s.renewed(msg)
	case linkIssuedMsg:
		return s.load()
	case deletedMsg:
		if msg.err != nil {
			return errorCmd(msg.err)
		}
		if msg.id == 0 {
			return nil // no link has id 0: not an answer to a delete
		}
		text := fmt.Sprintf("Deleted link #%d", msg.id)
		if msg.stays != "" {
			text += ": " + msg.stays
		}
		return tea.Batch(s.load(), statusCmd(text))
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// revokedText is the status line after a revoke.
func revokedText(msg revokedMsg) string {
	text := fmt.Sprintf("Revoked link #%d: its copy is deleted, the link answers 404", msg.id)
	if msg.live > 0 {
		text += fmt.Sprintf("; its %s point at the originals and keep working until they end", presigned.Plural(msg.live, "image link"))
	}
	return text
}

// loaded takes the result of the current query: a reload from the top
// (the cursor stays on its link) or the next page; the first one starts
// the opening check.
func (s *historyScreen) loaded(msg historyMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil
	}
	s.loading, s.err = false, msg.err
	if msg.err != nil {
		return nil // the rows already loaded stay; the error shows instead
	}
	rows := msg.links
	if s.more = msg.limit > 0 && len(rows) >= msg.limit; s.more {
		rows = rows[:msg.limit-1]
	}
	if msg.offset == 0 {
		s.links = rows
		s.list.setLen(len(s.links))
		s.restoreCursor()
	} else {
		s.links = append(s.links, rows...)
		s.list.setLen(len(s.links))
	}
	return tea.Batch(s.queryOpens(), s.autoCheck())
}

// autoCheck starts the opening check once, unless it is turned off.
func (s *historyScreen) autoCheck() tea.Cmd {
	if s.autoDone {
		return nil
	}
	s.autoDone = true
	if s.c.deps.NoAutoCheck {
		return nil
	}
	return s.startCheck(s.stale(), true)
}

// restoreCursor puts the cursor back on the link it was on before a reload.
func (s *historyScreen) restoreCursor() {
	for i, l := range s.links {
		if l.ID == s.keepID {
			s.list.jump(i)
			return
		}
	}
}

// stale lists the live links not checked within recheckAfter.
func (s *historyScreen) stale() []presigned.Link {
	now := s.c.now()
	var out []presigned.Link
	for _, l := range s.links {
		if l.StatusAt(now).Live() && now.Sub(l.Check.At) > recheckAfter && len(out) < autoCheckMax {
			out = append(out, l)
		}
	}
	return out
}

// startCheck checks links in the background, one check at a time.
func (s *historyScreen) startCheck(links []presigned.Link, auto bool) tea.Cmd {
	switch {
	case len(links) == 0:
		return nil
	case s.c.deps.Checker == nil:
		if auto {
			return nil
		}
		return statusCmd("Link checks are off")
	case s.checkSeq != 0:
		return statusCmd("Still checking: try again in a moment")
	}
	s.checkSeq = s.c.nextSeq()
	cmd := checkCmd(s.c, links, s.checkSeq, auto)
	if auto {
		return cmd
	}
	return tea.Batch(cmd, statusCmd(fmt.Sprintf("Checking %s (each check is a GET on the link)…", presigned.Plural(len(links), "link"))))
}

// checked puts the verdicts of this screen's check on the rows.
func (s *historyScreen) checked(msg checkedMsg) tea.Cmd {
	if s.checkSeq == 0 || msg.seq != s.checkSeq {
		return nil // no check in flight, or another one's
	}
	s.checkSeq = 0
	failing := 0
	for i := range s.links {
		if v, ok := msg.verdicts[s.links[i].ID]; ok {
			s.links[i].Check = v
			if s.links[i].Contradicted(s.c.now()) {
				failing++
			}
		}
	}
	switch {
	case msg.err != nil && !errors.Is(msg.err, context.Canceled):
		return errorCmd(msg.err)
	case msg.auto && failing == 0:
		return nil
	case failing > 0:
		verb := "do"
		if failing == 1 {
			verb = "does"
		}
		return msgCmd(statusMsg{text: fmt.Sprintf("Checked: %s that should work %s not (see the status column)", presigned.Plural(failing, "link"), verb), err: true})
	}
	return statusCmd(fmt.Sprintf("Checked %s: all work", presigned.Plural(len(msg.verdicts), "link")))
}

// current is the link under the cursor.
func (s *historyScreen) current() (presigned.Link, bool) {
	if s.list.cursor < len(s.links) {
		return s.links[s.list.cursor], true
	}
	return presigned.Link{}, false
}

// key routes a key by state: the delete prompt, the search field, or the list.
func (s *historyScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if s.deleting != 0 {
		return s.confirmDelete(msg)
	}
	if s.revoking != 0 {
		return s.confirmRevoke(msg)
	}
	if s.label.editing() {
		return s.editLabel(msg)
	}
	if cmd, used := s.search.typed(s.c.keys, msg, s.searchChanged); used {
		return cmd
	}
	if s.list.handleKey(s.c.keys, msg, s.c.height) {
		return s.loadMore()
	}
	return s.browseKey(msg)
}

// searchChanged re-runs the query for the edited search.
func (s *historyScreen) searchChanged() tea.Cmd {
	s.list.jump(0)
	return s.load()
}

// browseKey handles the list's keys: navigation between views and screens.
func (s *historyScreen) browseKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Back):
		if s.search.clear() {
			return s.load()
		}
		return msgCmd(popMsg{})
	case key.Matches(msg, k.Filter):
		return s.search.start()
	case key.Matches(msg, k.Cycle):
		s.filter = (s.filter + 1) % history.Filter(len(filterNames))
		s.list.jump(0)
		return s.load()
	case key.Matches(msg, k.Reveal):
		s.reveal = !s.reveal
		return nil
	case key.Matches(msg, k.Mine) && s.c.deps.Team != nil:
		s.mine = !s.mine
		s.list.jump(0)
		return s.load()
	case key.Matches(msg, k.SyncTeam) && s.c.deps.Team != nil:
		return s.syncNow()
	}
	return s.linkKey(msg)
}

// linkKey acts on the link under the cursor: copy, renew, delete, label.
func (s *historyScreen) linkKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Copy):
		return s.copyAgain(false)
	case key.Matches(msg, k.CopyAs):
		return s.copyAgain(true)
	case key.Matches(msg, k.Select):
		if l, ok := s.current(); ok {
			s.selected[l.ID] = !s.selected[l.ID]
			s.list.move(1)
		}
	case key.Matches(msg, k.Renew):
		return s.renew()
	case key.Matches(msg, k.Delete):
		if l, ok := s.current(); ok {
			s.deleting = l.ID
		}
	case key.Matches(msg, k.Revoke):
		return s.askRevoke()
	case key.Matches(msg, k.QR):
		if l, ok := s.current(); ok {
			q, cmd := newQRScreen(s.c, l)
			return pushCmd(q, cmd)
		}
	case key.Matches(msg, k.Check):
		if l, ok := s.current(); ok {
			return s.startCheck([]presigned.Link{l}, false)
		}
	case key.Matches(msg, k.CheckAll):
		return s.startCheck(s.links, false)
	case key.Matches(msg, k.Opens):
		return s.readLogs()
	case key.Matches(msg, k.Label):
		return s.startLabel()
	}
	return nil
}

// askRevoke asks to confirm revoking the link under the cursor.
func (s *historyScreen) askRevoke() tea.Cmd {
	l, ok := s.current()
	switch {
	case !ok:
		return nil
	case !l.Revocable():
		return statusCmd("That link points at the original object and cannot be revoked: share with revocable on")
	case l.Revoked():
		return statusCmd("That link is already revoked")
	}
	s.revoking = l.ID
	return nil
}

// confirmRevoke revokes on y; any other key cancels.
func (s *historyScreen) confirmRevoke(msg tea.KeyPressMsg) tea.Cmd {
	l, _ := s.current()
	id := s.revoking
	s.revoking = 0
	if !key.Matches(msg, s.c.keys.Yes) || l.ID != id {
		return statusCmd("Revoke cancelled")
	}
	return revokeCmd(s.c.deps.Sharer, s.c.ctx, l)
}

// confirmDelete deletes on y; any other key cancels.
func (s *historyScreen) confirmDelete(msg tea.KeyPressMsg) tea.Cmd {
	id := s.deleting
	s.deleting = 0
	if !key.Matches(msg, s.c.keys.Yes) || s.c.deps.History == nil {
		return statusCmd("Delete cancelled")
	}
	stays := ""
	if l, _ := s.current(); l.ID == id {
		stays = copyStays(l)
	}
	return deleteCmd(s.c.deps.History, s.c.ctx, id, stays)
}

// copyStays says what deleting l from the history leaves in the bucket,
// or "" for nothing.
func copyStays(l presigned.Link) string {
	switch {
	case !l.HasCopy():
		return ""
	case l.Gallery:
		return "its page and copies stay in the bucket"
	}
	return "its share copy stays in the bucket"
}

// copyAgain copies a link that still works.
// copyAgain copies the selected links that still work (else the one under
// the cursor) in the session's format, or asks for a format first.
func (s *historyScreen) copyAgain(choose bool) tea.Cmd {
	now := s.c.now()
	var picked []presigned.Link
	for _, l := range s.links {
		if s.selected[l.ID] && l.StatusAt(now).Live() && !l.FromTeam {
			picked = append(picked, l)
		}
	}
	if len(picked) == 0 {
		l, ok := s.current()
		if !ok {
			return nil
		}
		if l.FromTeam {
			return statusCmd(fmt.Sprintf("That is %s's link: only %s has its working URL (r issues one of your own)", l.Issuer, l.Issuer))
		}
		if !l.StatusAt(now).Live() {
			return statusCmd("That link no longer works: press r to renew it")
		}
		picked = []presigned.Link{l}
	}
	return membersCmd(s.c, picked, choose)
}

// renew issues the link again with the same settings, as a new row.
func (s *historyScreen) renew() tea.Cmd {
	l, ok := s.current()
	if !ok {
		return nil
	}
	if s.renewSeq > 0 {
		return statusCmd("Still renewing the last link: try again in a moment")
	}
	s.renewSeq = s.c.nextSeq()
	var ctx context.Context
	ctx, s.cancel = context.WithCancel(s.c.ctx)
	return tea.Batch(renewCmd(s.c, ctx, l, s.renewSeq), statusCmd("Renewing "+termtext.Escape(l.Key)+"…"))
}

// renewed takes the answer to this screen's renew: copied and announced
// when it worked, else the error. Links another request recorded (a
// cancelled share finishing late) reload the list.
func (s *historyScreen) renewed(msg issuedMsg) tea.Cmd {
	if s.renewSeq <= 0 || msg.seq != s.renewSeq {
		if msg.recorded && s.seq >= 0 {
			return s.load()
		}
		return nil
	}
	s.renewSeq = 0
	if s.cancel != nil {
		s.cancel()
	}
	if err := issueFailure(msg); err != nil {
		return errorCmd(err)
	}
	return afterIssue(s.c, msg)
}

// copyReady copies links made ready with their galleries' images, or
// opens the format picker for them first.
func (s *historyScreen) copyReady(msg copyReadyMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		return errorCmd(msg.err)
	case len(msg.links) == 0:
		return statusCmd(noLinksToCopy)
	case msg.choose:
		return pushCmd(newFormatPicker(s.c, msg.links), nil)
	}
	return copyCmd(s.c, msg.links, issuedFor(msg.links))
}

func (s *historyScreen) view(w, h int) string {
	st := s.c.styles
	lines := []string{s.tabs()}
	if f := s.search.view(w, len(s.links), len(s.links)); f != "" {
		lines = append(lines, f)
	}
	switch {
	case s.err != nil:
		return strings.Join(append(lines, st.Error.Render(wrap(termtext.Escape(s.err.Error()), w))), "\n")
	case len(s.links) == 0 && s.loading:
		return strings.Join(append(lines, st.Dim.Render("Loading history…")), "\n")
	case len(s.links) == 0:
		return strings.Join(append(lines, st.Dim.Render("No links here yet: share an object with s")), "\n")
	}
	lines = append(lines, st.Header.Render(s.columns(w, "STATUS", "OBJECT", "ISSUED", "EXPIRES", "LEFT", "OPENED")))
	detail := s.detail(w)
	rows := max(h-len(lines)-2-strings.Count(detail, "\n"), 1)
	s.rowsTop = len(lines)
	from, to := s.list.window(rows)
	for r := from; r < to; r++ {
		lines = append(lines, s.row(r, w))
	}
	return strings.Join(append(lines, "", detail), "\n")
}

// listArea is the list and where its rows start, for the mouse.
func (s *historyScreen) listArea() (*vlist, int) { return &s.list, s.rowsTop }

// tabs shows the filter choices with the current one marked.
func (s *historyScreen) tabs() string {
	parts := make([]string, len(filterNames))
	for i, n := range filterNames {
		if history.Filter(i) == s.filter {
			parts[i] = s.c.styles.Title.Render("[" + n + "]")
		} else {
			parts[i] = s.c.styles.Dim.Render(" " + n + " ")
		}
	}
	count := presigned.Plural(len(s.links), "link")
	if s.more {
		count = fmt.Sprintf("%d+ links (more load as you scroll)", len(s.links))
	}
	if s.c.deps.Opens != nil {
		count += " · opened: " + opens.UpTo(s.opens.stored.LogsUpTo, s.c.now(), s.c.loc)
	}
	if s.c.deps.Team != nil {
		whose := "everyone's"
		if s.mine {
			whose = "mine"
		}
		count = whose + " (m) · " + count
	}
	return strings.Join(parts, " ") + s.c.styles.Dim.Render("   "+count)
}

// openedWidth is the opened column's width: "tried 1× after it ended".
const openedWidth = 23

// columns lays out one history row: every column when the object keeps
// room for 40 cells; else status, object, time left and opened (the dates
// go to the detail); at the narrowest status, object and time left.
func (s *historyScreen) columns(w int, status, object, issued, expires, left, opened string) string {
	extra := s.openedWidth()
	switch {
	case s.datesShown(w):
		return "  " + fit(status, 14) + fitLeft(object, w-2-14-13-13-16-extra) + " " + fit(issued, 12) + " " + fit(expires, 12) +
			" " + fit(left, 15) + s.openedCell(opened, extra)
	case extra > 0 && w-2-14-16-extra >= 16:
		return "  " + fit(status, 14) + fitLeft(object, w-2-14-16-extra) + " " + fit(left, 15) + s.openedCell(opened, extra)
	}
	return "  " + fit(status, 14) + fitLeft(object, w-2-14-16) + " " + fit(left, 15)
}

// openedWidth is the room the opened column takes, 0 when access logs
// are not read here.
func (s *historyScreen) openedWidth() int {
	if s.c.deps.Opens == nil {
		return 0
	}
	return openedWidth + 1
}

// datesShown reports whether the rows at width w have the issued and
// expires columns.
func (s *historyScreen) datesShown(w int) bool {
	if extra := s.openedWidth(); extra > 0 {
		return w-2-14-13-13-16-extra >= 40
	}
	return w-2-14-13-13-16 >= 16
}

// openedCell is the opened column after a space, or nothing when the
// access logs are not read here.
func (s *historyScreen) openedCell(opened string, width int) string {
	if width == 0 {
		return ""
	}
	return " " + fit(opened, width-1)
}

// row draws one link with its coloured status; a check that contradicts
// the clock replaces the status, marked.
func (s *historyScreen) row(r, w int) string {
	l, now, st := s.links[r], s.c.now(), s.c.styles
	status := l.StatusAt(now)
	text, style := status.String(), st.status(status)
	if l.Contradicted(now) {
		text, style = "✗ "+l.Check.String(), st.EndedEarly
	}
	const layout = "02 Jan 15:04"
	object := l.Bucket + "/" + l.Key
	if l.Gallery {
		object = "▦ " + l.Title() + " (in " + l.Bucket + ")"
	}
	if s.c.deps.Team != nil && l.Issuer != "" {
		object = l.Issuer + " · " + object
	}
	line := s.columns(w, text, termtext.Escape(object),
		l.IssuedAt.In(s.c.loc).Format(layout), l.End().In(s.c.loc).Format(layout), l.TimeLeft(now), s.opened(l))
	mark := "  "
	if s.selected[l.ID] {
		mark = " ●"
	}
	if r == s.list.cursor {
		return st.Cursor.Render(">" + mark[1:] + line[2:])
	}
	return style.Render(mark + line[2:])
}

// detail shows the cursor link's URL (masked) or the delete prompt.
func (s *historyScreen) detail(w int) string {
	l, ok := s.current()
	if !ok {
		return ""
	}
	key := termtext.Escape(l.Key)
	switch {
	case s.label.editing():
		return s.labelView(w)
	case s.deleting != 0:
		stays := ""
		if c := copyStays(l); c != "" {
			stays = " (" + c + ": R revokes it first)"
		}
		return s.c.styles.Warning.Render(fmt.Sprintf("Delete link #%d for %s%s? y deletes, any other key cancels", l.ID, key, stays))
	case s.revoking != 0:
		return s.c.styles.Warning.Render(fmt.Sprintf("Revoke link #%d for %s? Its copy is deleted and the link stops working. y revokes, any other key cancels", l.ID, key))
	}
	facts := fmt.Sprintf("#%d · %s", l.ID, l.StatusText(s.c.now()))
	if !s.datesShown(w) {
		const layout = "02 Jan 15:04"
		facts += fmt.Sprintf(" · issued %s · ends %s", l.IssuedAt.In(s.c.loc).Format(layout), l.End().In(s.c.loc).Format(layout))
	}
	if l.Check.Checked() {
		facts += fmt.Sprintf(" · checked %s: %s (%s)", presigned.CheckedAgo(s.c.now(), l.Check.At), l.Check.Kind, termtext.Escape(l.Check.Detail))
	}
	if l.Label != "" {
		facts += " · for " + termtext.Escape(l.Label)
	}
	if l.Revocable() {
		facts += " · revocable"
	}
	if l.FromTeam {
		issuer := termtext.Escape(l.Issuer)
		facts += " · " + issuer + "'s link (its working URL stays with " + issuer + ")"
	}
	facts = fit(facts, w) + s.opensLine(l, w)
	if s.reveal {
		return facts + "\n" + strings.Join(urlLines(l.URL, w), "\n")
	}
	return facts + "\n" + fit(maskURL(l.URL), w)
}

// opensLine is the cursor link's opens under its facts, marked when it
// was tried after it ended; nothing when access logs are not read here.
func (s *historyScreen) opensLine(l presigned.Link, w int) string {
	if s.c.deps.Opens == nil {
		return ""
	}
	text := fit(s.opensDetail(l), w)
	if s.tried(l) {
		text = s.c.styles.Warning.Render(text)
	}
	return "\n" + text
}
