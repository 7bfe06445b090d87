//go:build unix

package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hangLimit is how long a run may take before it counts as hung. It is no
// measure of speed (each run here takes well under a second): it turns a
// hang into a failure that names the command, instead of the whole
// package timing out.
const hangLimit = time.Minute

// running is a started run of the binary.
type running struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	done           chan error // Wait's answer
}

// startCommand starts cmd in at most 2 GiB of address space, so that a
// read that runs away (a device read whole) fails instead of taking the
// machine's memory.
func startCommand(t *testing.T, cmd *exec.Cmd) *running {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Path = sh
	cmd.Args = append([]string{"sh", "-c", `ulimit -v 2097152 && exec "$0" "$@"`}, cmd.Args...)
	r := &running{cmd: cmd, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = &r.stdout, &r.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting s3share: %v", err)
	}
	go func() { r.done <- cmd.Wait() }()
	return r
}

// wait waits for the run to end. One still running after hangLimit is
// killed and fails the test.
func (r *running) wait(t *testing.T) result {
	t.Helper()
	select {
	case err := <-r.done:
		return r.result(t, err)
	case <-time.After(hangLimit):
		_ = r.cmd.Process.Kill()
		<-r.done
		t.Fatalf("%q still ran after %v: it hangs; stderr %q", r.cmd.Args[3:], hangLimit, r.stderr.String())
	}
	return result{}
}

// result is the run's output and exit code once Wait returned err.
func (r *running) result(t *testing.T, err error) result {
	t.Helper()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running s3share: %v", err)
	}
	return result{r.stdout.String(), r.stderr.String(), code}
}

// runBounded runs the binary as runCLIEnv does, bounded as startCommand
// and wait say.
func runBounded(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return startCommand(t, cliCommand(t, nil, "", env, args...)).wait(t)
}

// makeFIFO makes a named pipe in a temporary directory.
func makeFIFO(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	return path
}

// TestSettingsFileMustBeAFile: a device, a FIFO or a file over 1 MiB as
// the settings file stops every command at once with one line that names
// it and says what to do, exit 2 as for any bad settings file; nothing is
// read from a device or a FIFO. /dev/null is an empty file.
func TestSettingsFileMustBeAFile(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.toml")
	fitting := filepath.Join(t.TempDir(), "fitting.toml")
	writeFile(t, big, comments(1<<20+1))
	writeFile(t, fitting, comments(1<<20))
	cases := []struct {
		path, says string
	}{
		{"/dev/zero", "config file /dev/zero is a character device, not a regular file: set S3SHARE_CONFIG to a TOML file of settings, or unset it"},
		{makeFIFO(t), "is a named pipe (FIFO), not a regular file: set S3SHARE_CONFIG to a TOML file of settings, or unset it"},
		{big, "config file " + big + " is over 1 MiB, more than settings take: set S3SHARE_CONFIG to a TOML file of settings, or unset it"},
	}
	for _, c := range cases {
		for _, args := range [][]string{{"config"}, {"presign", "s3://photos/a.png"}} {
			r := runBounded(t, []string{"S3SHARE_CONFIG=" + c.path}, args...)
			line := strings.TrimSuffix(r.stderr, "\n")
			if r.code != exitUsage || strings.Contains(line, "\n") || !strings.Contains(line, c.says) {
				t.Errorf("%v with the settings file %s: exit %d, stderr %q; want exit 2 and one line with %q", args, c.path, r.code, brief(r.stderr), c.says)
			}
		}
	}
	for _, path := range []string{"/dev/null", fitting} {
		if r := runBounded(t, []string{"S3SHARE_CONFIG=" + path}, "config"); r.code != 0 || !strings.Contains(r.stdout, path+" (found)") {
			t.Errorf("the settings file %s: exit %d, %s%s", path, r.code, r.stdout, r.stderr)
		}
	}
}

// brief is the start of s, enough to tell a message from a crash's trace.
func brief(s string) string {
	if len(s) > 400 {
		return s[:400] + "..."
	}
	return s
}

// comments is a TOML document of n bytes: comment lines.
func comments(n int) []byte {
	line := "# " + strings.Repeat("x", 61) + "\n"
	doc := []byte(strings.Repeat(line, n/len(line)+1))
	doc = doc[:n]
	doc[n-1] = '\n'
	return doc
}

// TestHistoryFIFOIsRefused: a FIFO as the history is refused at once,
// without waiting for a writer to open it.
func TestHistoryFIFOIsRefused(t *testing.T) {
	fifo := makeFIFO(t)
	r := runBounded(t, nil, "--history", fifo, "history")
	if r.code != exitFailed || !strings.Contains(r.stderr, fifo) || !strings.Contains(r.stderr, "is a named pipe (FIFO), not a regular file") {
		t.Errorf("a FIFO as the history: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestInterruptWhileReading: ctrl+c (SIGINT), or SIGTERM, while s3share
// waits on a read of a file the user named ends it with exit 130 and
// "s3share: interrupted". The file is a FIFO named by AWS_CONFIG_FILE,
// which the AWS SDK reads as s3share starts; the test holds the FIFO's
// writing end open and writes nothing, so the read blocks until the signal.
func TestInterruptWhileReading(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			fifo := makeFIFO(t)
			run := startCommand(t, cliCommand(t, nil, "", []string{"AWS_CONFIG_FILE=" + fifo}, "buckets"))
			writer := openWhenRead(t, fifo, run)
			defer writer.Close()
			if err := run.cmd.Process.Signal(sig); err != nil {
				t.Fatalf("signal: %v", err)
			}
			r := run.wait(t)
			if r.code != exitInterrupted || r.stderr != "s3share: interrupted\n" {
				t.Errorf("after %v: exit %d, stderr %q; want exit 130 and s3share: interrupted", sig, r.code, r.stderr)
			}
		})
	}
}

// openWhenRead opens the FIFO to write once the run has opened it to read
// (opening a FIFO waits for the other end), so the run is then inside its
// read. A run that ends first fails the test.
func openWhenRead(t *testing.T, fifo string, run *running) *os.File {
	t.Helper()
	opened := make(chan *os.File, 1)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			f = nil
		}
		opened <- f
	}()
	select {
	case f := <-opened:
		if f == nil {
			t.Fatalf("cannot open %s to write", fifo)
		}
		return f
	case err := <-run.done:
		// A reader of our own lets the waiting open return.
		if r, openErr := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); openErr == nil {
			if f := <-opened; f != nil {
				f.Close()
			}
			r.Close()
		}
		res := run.result(t, err)
		t.Fatalf("s3share ended before it read %s: exit %d, stderr %q", fifo, res.code, res.stderr)
	}
	return nil
}
