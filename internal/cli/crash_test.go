package cli

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// locations returns n object locations in bucket photos, tagged so that
// separate runs never share a key.
func locations(tag string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("s3://photos/%s/img-%04d.jpg", tag, i)
	}
	return out
}

// seedLocations puts a small object at each location (presign refuses
// objects that do not exist).
func seedLocations(t *testing.T, srv *testsrv.Server, locs []string) {
	t.Helper()
	for _, l := range locs {
		srv.Put(t, "photos", strings.TrimPrefix(l, "s3://photos/"), []byte("jpg"))
	}
}

// presignCmdline is the command that issues links for locs into history.
func presignCmdline(srv *testsrv.Server, history string, locs []string) *exec.Cmd {
	args := append([]string{"--history", history, "--endpoint-url", srv.Endpoint, "--path-style", "presign", "--expires", "1h"}, locs...)
	cmd := exec.Command(binary, args...)
	cmd.Env = append(append(os.Environ(), "S3SHARE_HISTORY="), srv.Env()...)
	return cmd
}

func TestKillDuringPresignKeepsPrintedLinks(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	history := filepath.Join(t.TempDir(), "history.db")
	locs := locations("kill", 1000)
	seedLocations(t, srv, locs)
	cmd := presignCmdline(srv, history, locs)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The pipe is not read past 300 lines, so the process is still
	// running (blocked on stdout or recording) when it is killed.
	printed := readLines(bufio.NewReader(stdout), 300)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v", err)
	}
	_ = cmd.Wait() // killed: the error is expected
	recorded := historyURLs(t, history)
	for _, u := range printed {
		if !recorded[u] {
			t.Fatalf("a link printed before the kill is not in the history (%d printed, %d recorded)", len(printed), len(recorded))
		}
	}
	t.Logf("killed after %d printed; %d recorded", len(printed), len(recorded))
	if len(printed) < 300 || len(recorded) >= 1000 {
		t.Errorf("the kill did not land mid-run: %d printed, %d recorded", len(printed), len(recorded))
	}
}

// readLines reads up to n complete lines (a partial last line is dropped).
func readLines(r *bufio.Reader, n int) []string {
	var out []string
	for len(out) < n {
		line, err := r.ReadString('\n')
		if err != nil {
			break
		}
		out = append(out, strings.TrimSuffix(line, "\n"))
	}
	return out
}

func TestFourProcessesShareTheHistory(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	history := filepath.Join(t.TempDir(), "history.db")
	for i := range 4 {
		seedLocations(t, srv, locations(fmt.Sprint("p", i), 250))
	}
	var wg sync.WaitGroup
	outs := make([]string, 4)
	errs := make([]error, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := presignCmdline(srv, history, locations(fmt.Sprint("p", i), 250)).CombinedOutput()
			outs[i], errs[i] = string(out), err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("process %d: %v: %s", i, err, lastLine(outs[i]))
		}
		if strings.Contains(outs[i], testsrv.SecretKey) {
			t.Errorf("process %d printed the secret key", i)
		}
	}
	if n := len(historyList(t, history)); n != 1000 {
		t.Fatalf("history has %d links, want 1000", n)
	}
	checkPerms(t, history)
}

// lastLine is the last line of s, for messages.
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}

// checkPerms checks the history's directory is 0700 when the history made
// it and its files are 0600.
func checkPerms(t *testing.T, history string) {
	t.Helper()
	for _, p := range []string{history, history + "-wal", history + "-shm"} {
		st, err := os.Stat(p)
		if err == nil && st.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want 0600", filepath.Base(p), st.Mode().Perm())
		}
	}
}
