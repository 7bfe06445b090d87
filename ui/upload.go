package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"github.com/dustin/go-humanize"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// The upload screen's states.
const (
	upChecking   = iota // reading pasted files, before asking
	upAsking            // "upload N files to …?"
	upRunning           // sending, a bar per file
	upCancelling        // cancelled: the upload is being aborted
	upFailed            // stopped: the error shows
	upDone              // uploaded: the share dialog takes the screen's place
)

// errNoUploader is the answer when there is no S3 side to upload to.
var errNoUploader = errors.New("uploads need a working S3 configuration")

// uploadScreen uploads local files into a folder, create-only and with
// the images' location data removed (share.PutUploads, as s3share put),
// a progress bar per file; esc (or ctrl+c) cancels, leaving nothing.
// Once the files are up, the share dialog takes its place for them.
type uploadScreen struct {
	c              *common
	bucket, prefix string
	readings       [][]string // the paths to upload (pastedPaths)
	id             int        // the upload running or last run
	state          int
	files          []uploadFile
	sent           []int64
	err            error
	cancel         context.CancelFunc
	tracker        *uploadTracker
	bar            progress.Model
}

// newUploadScreen returns the screen uploading the files of readings
// into bucket/prefix; ask asks first (for pasted paths). init starts it.
func newUploadScreen(c *common, bucket, prefix string, readings [][]string, ask bool) *uploadScreen {
	s := &uploadScreen{c: c, bucket: bucket, prefix: prefix, readings: readings, state: upRunning,
		bar: progress.New(progress.WithWidth(20))}
	if ask {
		s.state = upChecking
	}
	return s
}

// init reads the files (asking) or starts the upload.
func (s *uploadScreen) init() tea.Cmd { return s.run(s.state == upChecking) }

// run starts a job: a check of the files, or the upload.
func (s *uploadScreen) run(check bool) tea.Cmd {
	if s.c.deps.Uploader == nil {
		s.state, s.err = upFailed, errNoUploader
		return nil
	}
	s.id = s.c.nextSeq()
	ctx, cancel := context.WithCancel(s.c.ctx)
	s.cancel, s.tracker = cancel, newUploadTracker()
	job := uploadJob{id: s.id, store: s.c.deps.Uploader, ctx: ctx, dest: s.dest(), readings: s.readings, check: check}
	return tea.Batch(startUploadCmd(job, s.tracker), watchUploadCmd(s.id, s.tracker))
}

// dest is the folder the files go to.
func (s *uploadScreen) dest() s3browse.Location {
	return s3browse.Location{Bucket: s.bucket, Key: s.prefix}
}

// folderURL names a folder for people, "s3://bucket/" at the top too.
func folderURL(bucket, prefix string) string { return "s3://" + bucket + "/" + prefix }

func (s *uploadScreen) title() string { return "upload · " + s.bucket + "/" + s.prefix }

// capturing keeps q, H, o and the other global keys from leaving an
// upload under way.
func (s *uploadScreen) capturing() bool { return s.state == upRunning || s.state == upCancelling }
func (s *uploadScreen) busy() bool {
	return s.state == upChecking || s.state == upRunning || s.state == upCancelling
}

// guardsQuit says ctrl+c cancels the upload instead of quitting: quitting
// mid-upload would strand its parts. A second ctrl+c quits.
func (s *uploadScreen) guardsQuit() bool { return s.state == upRunning }

// close cancels the upload; its late messages are dropped.
func (s *uploadScreen) close() {
	if s.cancel != nil {
		s.cancel()
	}
	s.id = -1
}

func (s *uploadScreen) help() helpKeys {
	k := s.c.keys
	var short []key.Binding
	switch s.state {
	case upAsking:
		short = []key.Binding{withHelp(k.Yes, "upload"), withHelp(k.No, "don't"), k.Back}
	case upRunning:
		short = []key.Binding{withHelp(k.Back, "cancel"), withHelp(k.ForceQuit, "cancel")}
	default:
		short = []key.Binding{k.Back}
	}
	return helpKeys{short: short, full: [][]key.Binding{short}}
}

// withHelp is b described as desc.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

func (s *uploadScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case uploadProgressMsg:
		if msg.id != s.id {
			return nil
		}
		s.files, s.sent = msg.files, msg.sent
		return watchUploadCmd(s.id, s.tracker)
	case uploadDoneMsg:
		if msg.id != s.id {
			return nil
		}
		s.files, s.sent = msg.files, make([]int64, len(msg.files))
		return s.finished(msg)
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// key answers the question, cancels, or goes back.
func (s *uploadScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	switch {
	case s.state == upAsking && key.Matches(msg, k.Yes):
		s.state, s.files, s.sent = upRunning, nil, nil // read again as they are sent
		return s.run(false)
	case s.state == upRunning && (key.Matches(msg, k.Back) || key.Matches(msg, k.ForceQuit)):
		s.cancel()
		s.state = upCancelling
	case s.state == upCancelling:
	case key.Matches(msg, k.Back), s.state == upAsking && key.Matches(msg, k.No):
		return msgCmd(popMsg{})
	}
	return nil
}

// finished takes a job's end: the question after a check; the share
// dialog, the listing told and a summary after an upload; back to the
// folder after a cancel; else the error.
func (s *uploadScreen) finished(msg uploadDoneMsg) tea.Cmd {
	switch {
	case s.state == upCancelling && errors.Is(msg.err, context.Canceled):
		return tea.Batch(msgCmd(popMsg{}), cancelledStatus(msg.err))
	case msg.err != nil:
		s.state, s.err = upFailed, msg.err
		return nil
	case msg.check:
		s.state = upAsking
		return nil
	}
	keys := make([]string, len(msg.files))
	for i, f := range msg.files {
		keys[i] = f.key
	}
	d := newShareDialog(s.c, s.bucket, keys)
	d.uploaded = uploadSummary(msg.files, s.bucket, s.prefix, msg.notAtomic)
	s.state = upDone
	return tea.Batch(
		msgCmd(uploadedMsg{bucket: s.bucket, prefix: s.prefix, keys: keys}),
		msgCmd(replaceMsg{s: d, init: d.init()}),
		statusCmd(d.uploaded))
}

// cancelledStatus says what a cancelled upload left: nothing, or the
// objects it could not delete again.
func cancelledStatus(err error) tea.Cmd {
	var pe *share.PutError
	if errors.As(err, &pe) && len(pe.Left) > 0 {
		left := make([]string, len(pe.Left))
		for i, l := range pe.Left {
			left[i] = l.String()
		}
		return msgCmd(statusMsg{text: "Upload cancelled; uploaded and not deleted again: " + strings.Join(left, ", "), err: true})
	}
	return statusCmd("Upload cancelled: nothing was uploaded")
}

// uploadSummary says what went where and what location data was
// removed: "Uploaded 2 files (3.1 MB) to s3://b/p/; beach.jpg: GPS
// position removed (EXIF)". Not escaped: it is escaped where drawn.
func uploadSummary(files []uploadFile, bucket, prefix string, notAtomic bool) string {
	total := int64(0)
	var notes []string
	for _, f := range files {
		total += f.size
		if f.note != "" {
			notes = append(notes, f.name+": "+f.note)
		}
	}
	line := fmt.Sprintf("Uploaded %s (%s) to %s", presigned.Plural(len(files), "file"), humanize.Bytes(uint64(total)), folderURL(bucket, prefix))
	if len(files) == 1 {
		line = fmt.Sprintf("Uploaded %s (%s) to %s", files[0].name, humanize.Bytes(uint64(total)), folderURL(bucket, files[0].key))
	}
	switch {
	case len(files) == 1 && len(notes) == 1:
		line += ": " + files[0].note
	case len(notes) > 3:
		line += fmt.Sprintf("; location data removed from %d of them", len(notes))
	case len(notes) > 0:
		line += "; " + strings.Join(notes, "; ")
	}
	if notAtomic {
		line += "; the server takes no create-only writes: only a check just before kept them from replacing objects"
	}
	return line
}

func (s *uploadScreen) view(w, h int) string {
	st := s.c.styles
	where := termtext.Escape(folderURL(s.bucket, s.prefix))
	lines := []string{st.Title.Render(fit("Upload to "+where, w))}
	switch s.state {
	case upChecking:
		lines = append(lines, st.Dim.Render("Reading the files…"))
	case upAsking:
		lines = append(lines, fmt.Sprintf("Upload %s to %s? y uploads, n or esc does not", presigned.Plural(len(s.files), "file"), where),
			st.Dim.Render("Location data (GPS) is removed from images; an object of the same name is not replaced."), "")
		lines = append(lines, s.askLines(w, h-len(lines))...)
	case upFailed:
		lines = append(lines, st.Error.Render(wrap("✗ "+termtext.Escape(errorText(s.err)), w)), "", st.Dim.Render("esc goes back"))
	default:
		lines = append(lines, s.progressHead(w), "")
		lines = append(lines, s.barLines(w, h-len(lines)-2)...)
		hint := "esc cancels: nothing is left behind"
		if s.state == upCancelling {
			hint = "Cancelling: aborting the upload…"
		}
		lines = append(lines, "", st.Dim.Render(hint))
	}
	return strings.Join(lines, "\n")
}

// askLines lists the files the question is about, within room lines.
func (s *uploadScreen) askLines(w, room int) []string {
	var out []string
	for i, f := range s.files {
		if i == room-1 && len(s.files) > room {
			out = append(out, fmt.Sprintf("  … and %d more", len(s.files)-i))
			break
		}
		line := fmt.Sprintf("  %s  %s", termtext.Escape(f.name), humanize.Bytes(uint64(f.size)))
		if f.note != "" {
			line += "  " + s.c.styles.Dim.Render(f.note)
		}
		out = append(out, fit(line, w))
	}
	return out
}

// progressHead sums the upload up: "2 files · 3.1 MB of 70 MB".
func (s *uploadScreen) progressHead(w int) string {
	if len(s.files) == 0 {
		return s.c.styles.Dim.Render("Reading the files…")
	}
	var sent, total int64
	for i, f := range s.files {
		sent, total = sent+s.sent[i], total+f.size
	}
	return fit(fmt.Sprintf("%s · %s of %s", presigned.Plural(len(s.files), "file"), humanize.Bytes(uint64(sent)), humanize.Bytes(uint64(total))), w)
}

// barLines draws a bar per file within room lines, scrolled so the first
// file not yet sent shows.
func (s *uploadScreen) barLines(w, room int) []string {
	if room <= 0 || len(s.files) == 0 {
		return nil
	}
	first := 0
	for first < len(s.files)-1 && s.sent[first] >= s.files[first].size {
		first++
	}
	from := max(0, min(first, len(s.files)-room))
	nameW := min(max(w/4, 8), 32)
	const sizeW = 22 // " 12 MB / 67 MB"
	bar := s.bar
	bar.SetWidth(max(w-nameW-sizeW-4, 10))
	var out []string
	for i := from; i < len(s.files) && len(out) < room; i++ {
		f := s.files[i]
		done := 1.0
		if f.size > 0 {
			done = min(max(float64(s.sent[i])/float64(f.size), 0), 1)
		}
		size := fmt.Sprintf("%s / %s", humanize.Bytes(uint64(max(s.sent[i], 0))), humanize.Bytes(uint64(f.size)))
		out = append(out, fit("  "+fit(termtext.Escape(f.name), nameW)+" "+bar.ViewAs(done)+" "+fmt.Sprintf("%*s", sizeW-1, size), w))
	}
	return out
}
