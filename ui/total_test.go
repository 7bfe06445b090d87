package ui

import (
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// Every message handler is total: each screen is sent the zero value,
// the error form and an empty answer of every message it handles, and
// must neither panic nor hang, and must show an error it was sent.
//
// What each screen's update takes besides keys (messages.go and the
// screen files):
//
//	root (any top)  credsMsg, statusMsg, clearStatusMsg, copiedMsg, issuedMsg
//	                (a late cancelled issue), linkIssuedMsg, pushMsg, popMsg,
//	                replaceMsg, paintMsg, detectTimeoutMsg, previewModeMsg, and
//	                Bubble Tea's size, mouse, colour and terminal answers
//	buckets         bucketsMsg, rememberedMsg, knownBucketsMsg
//	objects         pageMsg, linkIssuedMsg, previewRestMsg, previewMsg, previewModeMsg
//	preview         previewRestMsg, previewMsg, previewModeMsg
//	find            findStartedMsg, findMsg
//	share dialog    inspectedMsg, issuedMsg, copiedMsg (the result's copy note)
//	history         historyMsg, copyReadyMsg, historyTickMsg, historyVersionMsg,
//	                checkedMsg, revokedMsg, issuedMsg, linkIssuedMsg, deletedMsg
//	qr              qrMsg
//	picker, goto, last error: keys only

// errTotal is the error every error form carries: with control
// characters, which must show escaped.
var errTotal = errors.New("disk on fire \x1b[2J at the far end")

// form is one message to deliver, and what the frame must show after it
// ("" for nothing in particular).
type form struct {
	name string // zero, error or empty
	msg  tea.Msg
	want string
}

// msgKind builds the forms of one message type from the screens' current
// request identities; live reports whether the screens have a request of
// this type to answer (without one, the error form is rightly dropped).
type msgKind struct {
	live  func(h *harness) bool
	forms func(h *harness) []form
}

// shownErr is errTotal as the frame shows it.
var shownErr = termtext.Escape(errTotal.Error())

// always is live for messages without a request identity.
func always(*harness) bool { return true }

// stacked returns the topmost screen of type T on the stack.
func stacked[T screen](h *harness) (T, bool) {
	for i := len(h.m.stack) - 1; i >= 0; i-- {
		if s, ok := h.m.stack[i].(T); ok {
			return s, true
		}
	}
	var zero T
	return zero, false
}

// listing is the identity of the topmost folder listing's current request.
func listing(h *harness) (pageMsg, bool) {
	o, ok := stacked[*objectsScreen](h)
	if !ok {
		return pageMsg{}, false
	}
	return pageMsg{bucket: o.bucket, prefix: o.prefix, seq: o.seq}, o.seq > 0
}

// previewing is the identity of the topmost preview pane's request.
func previewing(h *harness) (previewMsg, bool) {
	for i := len(h.m.stack) - 1; i >= 0; i-- {
		var p *pane
		switch s := h.m.stack[i].(type) {
		case *previewScreen:
			p = s.pane
		case *objectsScreen:
			p = s.pane
		default:
			continue
		}
		if p == nil {
			return previewMsg{}, false
		}
		return previewMsg{bucket: p.bucket, key: p.e.key, seq: p.seq}, p.seq > 0
	}
	return previewMsg{}, false
}

// bucketsSeq is the bucket list's current request.
func bucketsSeq(h *harness) (int, bool) {
	if s, ok := stacked[*bucketsScreen](h); ok {
		return s.seq, s.seq > 0
	}
	return 0, false
}

// inspectSeq is the share dialog's conditions request.
func inspectSeq(h *harness) (int, bool) {
	if d, ok := stacked[*shareDialog](h); ok {
		return d.seq, d.seq > 0
	}
	return 0, false
}

// issueSeq is the issue or renew request in flight: the share dialog's,
// else the history's.
func issueSeq(h *harness) (int, bool) {
	if d, ok := stacked[*shareDialog](h); ok && d.state == issuing {
		return d.issue.seq, true
	}
	if s, ok := stacked[*historyScreen](h); ok && s.renewSeq > 0 {
		return s.renewSeq, true
	}
	return 0, false
}

// historySeq, checkSeq and tickSeq are the history screen's query, live
// check and refresh tick.
func historySeq(h *harness) (int, bool) {
	if s, ok := stacked[*historyScreen](h); ok {
		return s.seq, s.seq > 0
	}
	return 0, false
}

func checkSeq(h *harness) (int, bool) {
	if s, ok := stacked[*historyScreen](h); ok {
		return s.checkSeq, s.checkSeq > 0
	}
	return 0, false
}

func tickSeq(h *harness) (int, bool) {
	if s, ok := stacked[*historyScreen](h); ok {
		return s.tickSeq, s.tickSeq > 0
	}
	return 0, false
}

// findSeq is the find screen's search.
func findSeq(h *harness) (int, bool) {
	if s, ok := stacked[*findScreen](h); ok {
		return s.seq, s.seq > 0
	}
	return 0, false
}

// qrSeq is the QR screen's encoding.
func qrSeq(h *harness) (int, bool) {
	if s, ok := stacked[*qrScreen](h); ok {
		return s.seq, s.seq > 0
	}
	return 0, false
}

// liveIf turns an identity reader into msgKind.live.
func liveIf(id func(*harness) (int, bool)) func(*harness) bool {
	return func(h *harness) bool { _, ok := id(h); return ok }
}

// seqOf is the identity's number (0 when there is none).
func seqOf(h *harness, id func(*harness) (int, bool)) int {
	n, _ := id(h)
	return n
}

// msgKinds are the forms of every message type the UI handles.
var msgKinds = map[string]msgKind{
	"credsMsg": {always, func(*harness) []form {
		return []form{{"zero", credsMsg{}, ""}, {"error", credsMsg{err: errTotal}, shownErr}}
	}},
	"statusMsg": {always, func(*harness) []form {
		return []form{{"zero", statusMsg{}, ""}, {"error", statusMsg{text: errTotal.Error(), err: true}, shownErr}}
	}},
	"clearStatusMsg": {always, func(*harness) []form { return []form{{"zero", clearStatusMsg{}, ""}} }},
	"copiedMsg": {always, func(*harness) []form {
		return []form{{"zero", copiedMsg{}, ""},
			{"error", copiedMsg{count: 1, expiry: "24h", osc52: true, nativeErr: errTotal}, shownErr}}
	}},
	"linkIssuedMsg": {always, func(*harness) []form {
		return []form{{"zero", linkIssuedMsg{}, ""}, {"empty", linkIssuedMsg{Links: []presigned.Link{}}, ""}}
	}},
	"pushMsg":          {always, func(*harness) []form { return []form{{"zero", pushMsg{}, ""}} }},
	"replaceMsg":       {always, func(*harness) []form { return []form{{"zero", replaceMsg{}, ""}} }},
	"popMsg":           {always, func(*harness) []form { return []form{{"zero", popMsg{}, ""}} }},
	"paintMsg":         {always, func(*harness) []form { return []form{{"zero", paintMsg{}, ""}} }},
	"detectTimeoutMsg": {always, func(*harness) []form { return []form{{"zero", detectTimeoutMsg{}, ""}} }},
	"previewModeMsg":   {always, func(*harness) []form { return []form{{"zero", previewModeMsg{}, ""}} }},
	"tea": {always, func(*harness) []form {
		return []form{{"zero", tea.MouseWheelMsg{}, ""}, {"zero", tea.MouseClickMsg{}, ""},
			{"zero", tea.BackgroundColorMsg{}, ""}, {"zero", tea.ColorProfileMsg{Profile: colorprofile.NoTTY}, ""},
			{"zero", uv.CellSizeEvent{}, ""}, {"zero", uv.PrimaryDeviceAttributesEvent{}, ""},
			{"zero", uv.KittyGraphicsEvent{}, ""}, {"zero", spinner.TickMsg{}, ""}}
	}},
	"bucketsMsg": {liveIf(bucketsSeq), func(h *harness) []form {
		seq := seqOf(h, bucketsSeq)
		return []form{{"zero", bucketsMsg{}, ""}, {"error", bucketsMsg{seq: seq, err: errTotal}, shownErr},
			{"empty", bucketsMsg{seq: seq}, ""}}
	}},
	"rememberedMsg": {always, func(*harness) []form { return []form{{"zero", rememberedMsg{}, ""}} }},
	"knownBucketsMsg": {liveIf(bucketsSeq), func(h *harness) []form {
		seq := seqOf(h, bucketsSeq)
		return []form{{"zero", knownBucketsMsg{}, ""}, {"error", knownBucketsMsg{seq: seq, err: errTotal}, shownErr},
			{"empty", knownBucketsMsg{seq: seq}, ""}}
	}},
	"pageMsg": {func(h *harness) bool { _, ok := listing(h); return ok }, func(h *harness) []form {
		id, _ := listing(h)
		failed, empty := id, id
		failed.err = errTotal
		return []form{{"zero", pageMsg{}, ""}, {"error", failed, shownErr}, {"empty", empty, ""}}
	}},
	"previewRestMsg": {func(h *harness) bool { _, ok := previewing(h); return ok }, func(h *harness) []form {
		id, _ := previewing(h)
		return []form{{"zero", previewRestMsg{}, ""}, {"empty", previewRestMsg{bucket: id.bucket, key: id.key, seq: id.seq}, ""}}
	}},
	"previewMsg": {func(h *harness) bool { _, ok := previewing(h); return ok }, func(h *harness) []form {
		id, _ := previewing(h)
		failed, empty := id, id
		failed.err = errTotal
		return []form{{"zero", previewMsg{}, ""}, {"error", failed, shownErr}, {"empty", empty, "no preview"}}
	}},
	"findStartedMsg": {liveIf(findSeq), func(h *harness) []form {
		return []form{{"zero", findStartedMsg{}, ""}, {"empty", findStartedMsg{seq: seqOf(h, findSeq)}, ""}}
	}},
	"findMsg": {liveIf(findSeq), func(h *harness) []form {
		seq := seqOf(h, findSeq)
		return []form{{"zero", findMsg{}, ""}, {"error", findMsg{seq: seq, err: errTotal}, shownErr},
			{"empty", findMsg{seq: seq}, ""}}
	}},
	"inspectedMsg": {liveIf(inspectSeq), func(h *harness) []form {
		seq := seqOf(h, inspectSeq)
		return []form{{"zero", inspectedMsg{}, ""}, {"error", inspectedMsg{seq: seq, err: errTotal}, shownErr},
			{"empty", inspectedMsg{seq: seq}, ""}}
	}},
	"issuedMsg": {liveIf(issueSeq), func(h *harness) []form {
		seq := seqOf(h, issueSeq)
		return []form{{"zero", issuedMsg{}, ""}, {"error", issuedMsg{seq: seq, err: errTotal}, shownErr}}
	}},
	// An empty answer to a live issue is a form of its own: it ends the
	// request, so it cannot follow the error form.
	"issuedMsg (empty)": {liveIf(issueSeq), func(h *harness) []form {
		return []form{{"empty", issuedMsg{seq: seqOf(h, issueSeq)}, "no link was issued"}}
	}},
	"qrMsg": {liveIf(qrSeq), func(h *harness) []form {
		seq := seqOf(h, qrSeq)
		return []form{{"zero", qrMsg{}, ""}, {"error", qrMsg{seq: seq, err: errTotal}, shownErr}}
	}},
	"qrMsg (empty)": {liveIf(qrSeq), func(h *harness) []form {
		return []form{{"empty", qrMsg{seq: seqOf(h, qrSeq)}, "QR code could not be drawn"}}
	}},
	"historyMsg": {liveIf(historySeq), func(h *harness) []form {
		seq := seqOf(h, historySeq)
		return []form{{"zero", historyMsg{}, ""}, {"error", historyMsg{seq: seq, err: errTotal}, shownErr},
			{"empty", historyMsg{seq: seq}, ""}}
	}},
	"copyReadyMsg": {always, func(*harness) []form {
		return []form{{"zero", copyReadyMsg{}, "No links to copy"}, {"error", copyReadyMsg{err: errTotal}, shownErr},
			{"empty", copyReadyMsg{links: []presigned.Link{}, choose: true}, "No links to copy"}}
	}},
	"historyTickMsg": {liveIf(tickSeq), func(h *harness) []form {
		return []form{{"zero", historyTickMsg{}, ""}, {"empty", historyTickMsg{seq: seqOf(h, tickSeq)}, ""}}
	}},
	"historyVersionMsg": {liveIf(tickSeq), func(h *harness) []form {
		seq := seqOf(h, tickSeq)
		return []form{{"zero", historyVersionMsg{}, ""}, {"error", historyVersionMsg{seq: seq, err: errTotal}, shownErr},
			{"empty", historyVersionMsg{seq: seq}, ""}}
	}},
	"checkedMsg": {liveIf(checkSeq), func(h *harness) []form {
		seq := seqOf(h, checkSeq)
		return []form{{"zero", checkedMsg{}, ""}, {"error", checkedMsg{seq: seq, err: errTotal}, shownErr}}
	}},
	"checkedMsg (empty)": {liveIf(checkSeq), func(h *harness) []form {
		return []form{{"empty", checkedMsg{seq: seqOf(h, checkSeq)}, ""}}
	}},
	"revokedMsg": {always, func(*harness) []form {
		return []form{{"zero", revokedMsg{}, ""}, {"error", revokedMsg{id: 1, err: errTotal}, shownErr}}
	}},
	"deletedMsg": {always, func(*harness) []form {
		return []form{{"zero", deletedMsg{}, ""}, {"error", deletedMsg{id: 1, err: errTotal}, shownErr}}
	}},
}

// rootKinds are the messages the root takes whatever screen is on top.
var rootKinds = []string{"credsMsg", "statusMsg", "clearStatusMsg", "copiedMsg", "linkIssuedMsg",
	"paintMsg", "detectTimeoutMsg", "previewModeMsg", "tea", "pushMsg", "replaceMsg", "popMsg"}

// totalEnv is what every screen of the totality test runs against: an
// in-process S3 server holding a photos bucket, a server answering link
// checks, and one link in the history pointing at it.
type totalEnv struct {
	br     *s3browse.Browser
	linkTo string // the checks server's URL
}

// newTotalEnv starts the servers.
func newTotalEnv(t *testing.T) *totalEnv {
	t.Helper()
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "cover.png", pngOf(t, quadrants(64, 32)))
	srv.Put(t, "photos", "notes.txt", []byte("not a picture\n"))
	srv.Put(t, "photos", "2026/beach.png", pngOf(t, quadrants(32, 32)))
	ts, _ := answering(t)
	return &totalEnv{br: srv.Browser(t), linkTo: ts.URL}
}

// harness starts the UI at w x h over the env: the real S3 server lists,
// searches and previews; the fake pipeline signs; the history holds one
// live link whose checks the checks server answers.
func (e *totalEnv) harness(t *testing.T, w, h int) *harness {
	d, _, hist, _ := fakeDeps()
	d.Browser, d.Reader, d.Preview = e.br, e.br, preview.Blocks
	d.Checker, d.NoAutoCheck = linkcheck.NewChecker(0, 2*time.Second, d.Now), true
	hist.links = []presigned.Link{{ID: 1, Bucket: "photos", Key: "cover.png", URL: e.linkTo + "/photos/cover.png?X-Amz-Signature=s",
		IssuedAt: fixedNow.Add(-time.Hour), ExpiresAt: fixedNow.Add(5 * time.Hour), EffectiveExpiresAt: fixedNow.Add(5 * time.Hour)}}
	return newHarness(t, d, w, h)
}

// holding runs keys while messages of type T are kept back, so the
// screen is left waiting for them.
func holding[T tea.Msg](h *harness, keys ...string) {
	h.hold = func(msg tea.Msg) bool { _, ok := msg.(T); return ok }
	h.keys(keys...)
	h.hold = nil
}

// totalScreen is one screen, in one state, with the messages it handles.
type totalScreen struct {
	name  string
	width int
	open  func(h *harness)
	title string   // the top screen's title once open
	kinds []string // besides rootKinds
}

// totalScreens brings up every screen of the UI.
var totalScreens = []totalScreen{
	{"buckets", 120, func(*harness) {}, "buckets", []string{"bucketsMsg", "rememberedMsg", "knownBucketsMsg"}},
	{"objects with the preview pane", 120, func(h *harness) { h.keys("enter", "down") }, "photos/",
		[]string{"pageMsg", "linkIssuedMsg", "previewRestMsg", "previewMsg"}},
	{"full-screen preview", 90, func(h *harness) { h.keys("enter", "down", "p") }, "photos/cover.png",
		[]string{"previewRestMsg", "previewMsg"}},
	{"find, typing", 120, func(h *harness) { h.keys("enter", "f") }, "find in photos/", nil},
	{"find, searched", 120, func(h *harness) { h.keys("enter", "f"); h.typeText("cov"); h.keys("enter") }, "find in photos/",
		[]string{"findStartedMsg", "findMsg"}},
	{"share dialog", 120, func(h *harness) { h.keys("enter", "down", "s") }, "share · photos", []string{"inspectedMsg"}},
	{"share dialog, issuing", 120, func(h *harness) { h.keys("enter", "down", "s"); holding[issuedMsg](h, "enter") }, "share · photos",
		[]string{"inspectedMsg", "issuedMsg", "issuedMsg (empty)"}},
	{"share result", 120, func(h *harness) { h.keys("enter", "down", "s", "enter") }, "share · photos", nil},
	{"qr", 120, func(h *harness) { h.keys("enter", "down", "s", "enter", "Q") }, "QR code", []string{"qrMsg", "qrMsg (empty)"}},
	{"history", 120, func(h *harness) { h.keys("H") }, "history",
		[]string{"historyMsg", "copyReadyMsg", "historyTickMsg", "historyVersionMsg", "revokedMsg", "linkIssuedMsg", "deletedMsg"}},
	{"history, renewing", 120, func(h *harness) { holding[issuedMsg](h, "H", "r") }, "history", []string{"issuedMsg", "issuedMsg (empty)"}},
	{"history, checking", 120, func(h *harness) { holding[checkedMsg](h, "H", "t") }, "history", []string{"checkedMsg", "checkedMsg (empty)"}},
	{"copy as picker", 120, func(h *harness) { h.keys("H", "C") }, "copy as", nil},
	{"goto", 120, func(h *harness) { h.keys("o") }, "open a location", nil},
	{"last error", 120, func(h *harness) { h.send(statusMsg{text: "an earlier error", err: true}); h.keys("e") }, "last error", nil},
}

// shows reports whether the frame shows want, allowing for words wrapped
// across lines, in the body or in the preview pane.
func shows(h *harness, want string) bool {
	v := h.view()
	return strings.Contains(v, want) || strings.Contains(strings.Join(strings.Fields(v), " "), want) ||
		strings.Contains(paneText(h), want)
}

// deliverSafely sends msg and draws the frame; a panic fails the test
// (instead of crashing it) and makes it return false.
func deliverSafely(t *testing.T, h *harness, what string, msg tea.Msg) bool {
	t.Helper()
	var stack []byte
	func() {
		defer func() {
			if r := recover(); r != nil {
				stack = fmt.Appendf(nil, "%v\n%s", r, debug.Stack())
			}
		}()
		h.send(msg)
		h.view()
	}()
	if stack != nil {
		t.Errorf("%s (%#v) panicked: %s", what, msg, stack)
	}
	return stack == nil
}

// TestEveryHandlerIsTotal sends each screen, brought up through the keys,
// the zero value, the error form (addressed to the screen's current
// request) and the empty answer of every message it handles: none may
// panic, and an error must show, escaped.
func TestEveryHandlerIsTotal(t *testing.T) {
	env := newTotalEnv(t)
	for _, sc := range totalScreens {
		for _, name := range append(append([]string(nil), rootKinds...), sc.kinds...) {
			t.Run(sc.name+"/"+name, func(t *testing.T) {
				h := env.harness(t, sc.width, 30)
				sc.open(h)
				if got := h.m.top().title(); !strings.Contains(got, sc.title) {
					t.Fatalf("brought up %q, want %q:\n%s", got, sc.title, h.view())
				}
				k := msgKinds[name]
				if !k.live(h) {
					t.Fatalf("the %s screen has no %s request to answer:\n%s", sc.name, name, h.view())
				}
				for _, f := range k.forms(h) {
					if !deliverSafely(t, h, name+" "+f.name, f.msg) {
						return
					}
					if f.want != "" && !shows(h, f.want) {
						t.Fatalf("after %s %s the frame lacks %q:\n%s", name, f.name, f.want, h.view())
					}
					if raw := h.m.View().Content; strings.Contains(raw, "\x1b[2J") {
						t.Fatalf("%s %s: the error reached the terminal unescaped", name, f.name)
					}
				}
			})
		}
	}
}

// TestEveryZeroValueReachesEveryScreen delivers the zero value of every
// message type to every screen: whatever is on the stack, a stray or
// empty message never panics or hangs.
func TestEveryZeroValueReachesEveryScreen(t *testing.T) {
	env := newTotalEnv(t)
	for _, sc := range totalScreens {
		t.Run(sc.name, func(t *testing.T) {
			h := env.harness(t, sc.width, 30)
			sc.open(h)
			for _, name := range slices.Sorted(maps.Keys(msgKinds)) {
				for _, f := range msgKinds[name].forms(h) {
					if f.name == "zero" {
						deliverSafely(t, h, name+" zero", f.msg)
					}
				}
			}
		})
	}
}
