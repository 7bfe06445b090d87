package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// frameWait bounds one first-frame run; the target is 100 ms.
const frameWait = 5 * time.Second

// firstFrames starts the UI o.runs times in a 120x40 pty with no
// credentials against an unreachable endpoint and times the first bytes it
// writes and the first printable text among them.
func firstFrames(o options, tmp string) (frame, text Stats, err error) {
	env := noCredentialsEnv(filepath.Join(tmp, "home"))
	var frames, texts []time.Duration
	for range o.runs + 1 { // the first run warms the page cache and is dropped
		f, t, err := firstFrame(o.bin, env)
		if err != nil {
			return Stats{}, Stats{}, err
		}
		frames, texts = append(frames, f), append(texts, t)
	}
	return statsOf(frames[1:]), statsOf(texts[1:]), nil
}

// noCredentialsEnv is the environment without any AWS setting, with an
// empty home so no ~/.aws is read. Instance metadata stays enabled on
// purpose: a credential lookup before the first frame would stall on it.
func noCredentialsEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "S3SHARE_") &&
			!strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_") && !strings.HasPrefix(kv, "TERM=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "XDG_STATE_HOME="+filepath.Join(home, "state"),
		"S3SHARE_HISTORY="+filepath.Join(home, "history.db"), "TERM=xterm-256color")
}

// chunk is one read from the pty master and when it arrived.
type chunk struct {
	at   time.Time
	data []byte
}

// firstFrame runs the UI once and returns the time to its first output and
// to its first printable text.
func firstFrame(bin string, env []string) (frame, text time.Duration, err error) {
	master, slave, err := openPTY(40, 120)
	if err != nil {
		return 0, 0, err
	}
	defer master.Close()
	cmd := exec.Command(bin, "--endpoint-url", "http://127.0.0.1:1")
	cmd.Env, cmd.Dir = env, os.TempDir()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = ttyAttr()
	chunks := make(chan chunk, 64)
	go readPTY(master, chunks)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		slave.Close()
		return 0, 0, err
	}
	slave.Close()
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	return watchOutput(start, chunks)
}

// readPTY forwards what the program writes until the pty closes.
func readPTY(master *os.File, out chan<- chunk) {
	defer close(out)
	buf := make([]byte, 64<<10)
	for {
		n, err := master.Read(buf)
		if n > 0 {
			out <- chunk{time.Now(), append([]byte(nil), buf[:n]...)}
		}
		if err != nil {
			return
		}
	}
}

// watchOutput waits for the first bytes and the first text after start.
func watchOutput(start time.Time, chunks <-chan chunk) (frame, text time.Duration, err error) {
	deadline := time.After(frameWait)
	var seen strings.Builder
	for {
		select {
		case c, ok := <-chunks:
			if !ok {
				return 0, 0, fmt.Errorf("s3share exited before drawing anything legible: %q", lastBytes(seen.String()))
			}
			if frame == 0 {
				frame = c.at.Sub(start)
			}
			seen.Write(c.data)
			if hasText(seen.String()) {
				return frame, c.at.Sub(start), nil
			}
		case <-deadline:
			if frame == 0 {
				return 0, 0, errors.New("s3share wrote nothing to the terminal within 5s")
			}
			return 0, 0, fmt.Errorf("s3share wrote no text within 5s: %q", lastBytes(seen.String()))
		}
	}
}

// escapes matches terminal control sequences: CSI, OSC, DCS/APC/PM/SOS
// strings and two-byte escapes.
var escapes = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b[P_^X][^\x1b]*(\x1b\\)?|\x1b[ -/]*[0-~]`)

// hasText reports whether s has a letter outside control sequences.
func hasText(s string) bool {
	plain := escapes.ReplaceAllString(s, "")
	return strings.IndexFunc(plain, func(r rune) bool {
		return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
	}) >= 0
}

// lastBytes is the tail of s for error messages.
func lastBytes(s string) string {
	if len(s) > 200 {
		return s[len(s)-200:]
	}
	return s
}
