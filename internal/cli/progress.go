package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/dustin/go-humanize"
)

// progressEvery is how often the progress line is drawn again.
const progressEvery = 200 * time.Millisecond

// progressBar is one line on a terminal's stderr that shows an upload:
// the bytes sent of the total, the rate and the time left. Its zero
// value and nil draw nothing (stderr is not a terminal).
type progressBar struct {
	w     io.Writer
	what  string // "photo.jpg", "3 files"
	total int64
	width int // the terminal's columns
	now   func() time.Time
	start time.Time
	sent  atomic.Int64

	stopOnce sync.Once
	stop     chan struct{}
	done     chan struct{}
}

// startProgress draws the progress of sending total bytes of what on
// stderr when it is a terminal, until finish; nil otherwise.
func startProgress(g *globals, what string, total int64) *progressBar {
	f, ok := g.stderr.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil
	}
	width, _, err := term.GetSize(f.Fd())
	if err != nil || width < 20 {
		width = 80
	}
	p := &progressBar{w: f, what: what, total: total, width: width, now: g.now, start: g.now(),
		stop: make(chan struct{}), done: make(chan struct{})}
	go p.draw()
	return p
}

// add counts n bytes sent (negative: given back by a failed request).
// It is safe from several goroutines.
func (p *progressBar) add(n int64) {
	if p != nil {
		p.sent.Add(n)
	}
}

// draw redraws the line until finish.
func (p *progressBar) draw() {
	defer close(p.done)
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		fmt.Fprint(p.w, "\r"+p.line(p.sent.Load(), p.now().Sub(p.start))+"\x1b[K")
		select {
		case <-p.stop:
			fmt.Fprint(p.w, "\r\x1b[K")
			return
		case <-tick.C:
		}
	}
}

// finish stops drawing and clears the line; it returns once the line
// is gone, so what is printed next starts on a clean line.
func (p *progressBar) finish() {
	if p == nil {
		return
	}
	p.stopOnce.Do(func() { close(p.stop) })
	<-p.done
}

// line is the progress line after sent bytes in elapsed time:
// "uploading photo.jpg  42% [████░░░░] 27 MB / 64 MB  8.1 MB/s  5s left".
func (p *progressBar) line(sent int64, elapsed time.Duration) string {
	sent = min(max(sent, 0), p.total)
	frac := 1.0
	if p.total > 0 {
		frac = float64(sent) / float64(p.total)
	}
	rate, left := "", ""
	if secs := elapsed.Seconds(); secs >= 0.5 && sent > 0 { // a rate from less is noise
		perSec := float64(sent) / secs
		rate = "  " + humanize.Bytes(uint64(perSec)) + "/s"
		left = "  " + time.Duration(float64(p.total-sent)/perSec*float64(time.Second)).Round(time.Second).String() + " left"
	}
	counts := fmt.Sprintf(" %s / %s", humanize.Bytes(uint64(sent)), humanize.Bytes(uint64(p.total)))
	head := fmt.Sprintf("uploading %s %3d%% ", p.what, int(frac*100))
	room := p.width - len([]rune(head)) - len(counts) - len(rate) - len(left) - 3
	bar := ""
	if room >= 5 {
		full := int(frac * float64(room))
		bar = "[" + strings.Repeat("█", full) + strings.Repeat("░", room-full) + "]"
	}
	line := head + bar + counts + rate + left
	if r := []rune(line); len(r) >= p.width {
		line = string(r[:p.width-1])
	}
	return line
}
