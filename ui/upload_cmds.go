package ui

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// An upload runs on a goroutine of its own, started by a Cmd: it
// collects and prepares the files (share.CollectFiles, PrepareUploads)
// and puts them (share.PutUploads), telling a tracker its progress. A
// Cmd that re-arms itself reads the tracker: a message for the progress
// since the last one, and the job's result once it ends. Every message
// carries the upload's id, so those of an upload gone are dropped.

// uploadFile is one file of an upload as the screen shows it.
type uploadFile struct {
	name string // the name it takes in the folder
	key  string
	size int64  // the bytes sent
	note string // what was removed: "GPS position removed (EXIF)", or ""
}

// uploadProgressMsg is the progress of upload id: its files (once
// prepared) and the bytes stored of each.
type uploadProgressMsg struct {
	id    int
	files []uploadFile
	sent  []int64
}

// uploadDoneMsg ends upload id: the files it put, or why it stopped.
// For a check (the files read, nothing sent) it says what would go.
type uploadDoneMsg struct {
	id        int
	check     bool
	files     []uploadFile
	err       error
	notAtomic bool // only a HEAD before kept a key from being replaced
}

// uploadedMsg tells the screens that files were uploaded into
// bucket/prefix, as keys.
type uploadedMsg struct {
	bucket, prefix string
	keys           []string
}

// uploadJob is what one upload needs, copied off the model.
type uploadJob struct {
	id    int
	store share.UploadStore
	ctx   context.Context
	dest  s3browse.Location
	// readings are the lists of paths to try (pastedPaths); the first
	// whose paths all exist is uploaded.
	readings [][]string
	check    bool // read and check the files, send nothing
}

// uploadTracker passes an upload's progress from its goroutine to the
// Cmd that reads it. poke never blocks: progress arriving faster than
// the UI reads it is summed into one message.
type uploadTracker struct {
	poke chan struct{} // one pending wake-up at most
	done chan struct{} // closed once result is set
	mu   sync.Mutex
	// guarded by mu
	files  []uploadFile
	sent   []int64
	result uploadDoneMsg
}

// newUploadTracker returns a tracker with nothing to report yet.
func newUploadTracker() *uploadTracker {
	return &uploadTracker{poke: make(chan struct{}, 1), done: make(chan struct{})}
}

// wake tells the reader there is news, unless it was told already.
func (t *uploadTracker) wake() {
	select {
	case t.poke <- struct{}{}:
	default:
	}
}

// prepared records the files about to be sent.
func (t *uploadTracker) prepared(files []uploadFile) {
	t.mu.Lock()
	t.files, t.sent = files, make([]int64, len(files))
	t.mu.Unlock()
	t.wake()
}

// add counts delta bytes of file i (several goroutines at once).
func (t *uploadTracker) add(i int, delta int64) {
	t.mu.Lock()
	if i >= 0 && i < len(t.sent) {
		t.sent[i] += delta
	}
	t.mu.Unlock()
	t.wake()
}

// finish records the job's result and wakes the reader for good.
func (t *uploadTracker) finish(res uploadDoneMsg) {
	t.mu.Lock()
	t.result = res
	t.mu.Unlock()
	close(t.done)
}

// progress is the progress so far, copied.
func (t *uploadTracker) progress(id int) uploadProgressMsg {
	t.mu.Lock()
	defer t.mu.Unlock()
	return uploadProgressMsg{id: id, files: t.files, sent: append([]int64(nil), t.sent...)}
}

// startUploadCmd starts job on its goroutine; the job's messages come
// through watchUploadCmd.
func startUploadCmd(job uploadJob, t *uploadTracker) tea.Cmd {
	return func() tea.Msg {
		go func() { t.finish(runUpload(job, t)) }()
		return nil
	}
}

// watchUploadCmd waits for the next news of upload id: its progress, or
// its end. The screen runs it again after each progress message.
func watchUploadCmd(id int, t *uploadTracker) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-t.done:
		case <-t.poke:
			select {
			case <-t.done: // ended meanwhile: the end says it all
			default:
				return t.progress(id)
			}
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		return t.result
	}
}

// runUpload reads, checks and (unless job.check) puts the files; the
// files are open only while it runs.
func runUpload(job uploadJob, t *uploadTracker) uploadDoneMsg {
	res := uploadDoneMsg{id: job.id, check: job.check}
	files, err := share.CollectFiles(existingReading(job.readings), share.CollectOptions{})
	if err != nil {
		res.err = err
		return res
	}
	ups, err := share.PrepareUploads(files, job.dest, "", share.UploadOptions{})
	if err != nil {
		res.err = err
		return res
	}
	defer share.CloseUploads(ups)
	res.files = uploadFiles(ups)
	if job.check {
		return res
	}
	t.prepared(res.files)
	res.err = share.PutUploads(job.ctx, job.store, ups, share.UploadOptions{FileProgress: t.add})
	res.files = uploadFiles(ups) // a retry without the condition marks NotAtomic
	for _, up := range ups {
		res.notAtomic = res.notAtomic || up.NotAtomic
	}
	return res
}

// existingReading is the first reading whose paths all exist, else the
// first (whose missing path the upload then names).
func existingReading(readings [][]string) []string {
	for _, paths := range readings {
		ok := true
		for _, p := range paths {
			if _, err := os.Stat(p); err != nil {
				ok = false
				break
			}
		}
		if ok {
			return paths
		}
	}
	if len(readings) == 0 {
		return nil
	}
	return readings[0]
}

// uploadFiles is what the screen shows of ups.
func uploadFiles(ups []*share.Upload) []uploadFile {
	out := make([]uploadFile, len(ups))
	for i, up := range ups {
		out[i] = uploadFile{name: up.File.Name, key: up.Key, size: up.Size}
		if up.Location.Changed() {
			out[i].note = up.Location.String()
		}
	}
	return out
}

// localEntry is a folder or an image in a local directory.
type localEntry struct {
	name string
	dir  bool
	size int64
	mod  time.Time
}

// localDirMsg carries a local directory's folders and images, for the
// picker's request seq.
type localDirMsg struct {
	seq     int
	dir     string // absolute
	entries []localEntry
	err     error
}

// readLocalDirCmd lists dir ("" for the working directory): its folders,
// then the files whose names are an image's (their bytes are checked
// before they are sent); hidden ones are left out. Links are followed.
func readLocalDirCmd(dir string, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := localDirMsg{seq: seq, dir: dir}
		if dir == "" {
			if msg.dir, msg.err = os.Getwd(); msg.err != nil {
				return msg
			}
		}
		list, err := os.ReadDir(msg.dir)
		if err != nil {
			msg.err = err
			return msg
		}
		for _, d := range list {
			if e, ok := localEntryOf(msg.dir, d); ok {
				msg.entries = append(msg.entries, e)
			}
		}
		sort.SliceStable(msg.entries, func(i, j int) bool { return msg.entries[i].dir && !msg.entries[j].dir })
		return msg
	}
}

// localEntryOf is d as the picker lists it, if it does: a folder, or a
// regular file named as an image.
func localEntryOf(dir string, d fs.DirEntry) (localEntry, bool) {
	if strings.HasPrefix(d.Name(), ".") {
		return localEntry{}, false
	}
	info, err := os.Stat(filepath.Join(dir, d.Name())) // through links
	switch {
	case err != nil:
		return localEntry{}, false // a dangling link, gone meanwhile, unreadable
	case info.IsDir():
		return localEntry{name: d.Name(), dir: true, mod: info.ModTime()}, true
	case info.Mode().IsRegular() && s3browse.IsImage(d.Name()):
		return localEntry{name: d.Name(), size: info.Size(), mod: info.ModTime()}, true
	}
	return localEntry{}, false
}
