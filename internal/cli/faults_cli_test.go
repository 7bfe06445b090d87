package cli

import (
	"bufio"
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// behindProxy starts versitygw with one object, a fault proxy in front of
// it, and returns the proxy and a Server value that points at the proxy.
func behindProxy(t *testing.T) (*faultproxy.Proxy, *testsrv.Server) {
	t.Helper()
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.jpg", []byte("a"))
	p := faultproxy.New(t, srv.Endpoint)
	via := *srv
	via.Endpoint = p.URL
	return p, &via
}

func TestPresignThroughFaults(t *testing.T) {
	p, via := behindProxy(t)
	history := filepath.Join(t.TempDir(), "history.db")
	if r := runCLI(t, via, history, "presign", "s3://photos/a.jpg"); r.code != 0 {
		t.Fatalf("seed: %s", r.stderr)
	}
	cases := []struct {
		name   string
		always faultproxy.Fault
		next   []faultproxy.Fault
		code   int
	}{
		{name: "one reset, one 503, one truncation", next: []faultproxy.Fault{faultproxy.Reset, faultproxy.SlowDown, faultproxy.Truncate}},
		{name: "slow answers", next: []faultproxy.Fault{faultproxy.Latency, faultproxy.Latency}},
		{name: "connections always reset", always: faultproxy.Reset, code: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p.Next(tc.next...)
			p.Always(tc.always)
			defer p.Always(faultproxy.None)
			before := historyList(t, history)
			r := runCLI(t, via, history, "presign", "s3://photos/a.jpg")
			t.Logf("exit %d: %s", r.code, strings.TrimSpace(r.stderr))
			checkRun(t, badInput{code: tc.code, says: map[bool]string{true: "cannot reach"}[tc.code != 0]}, r)
			p.Always(faultproxy.None)
			if n := p.Pending(); n != 0 {
				t.Errorf("%d queued faults never fired", n)
			}
			checkRecorded(t, history, before, r)
		})
	}
}

func TestPresignWarnsAboutClockSkew(t *testing.T) {
	p, via := behindProxy(t)
	history := filepath.Join(t.TempDir(), "history.db")
	if r := runCLI(t, via, history, "presign", "s3://photos/a.jpg"); r.code != 0 || r.stderr != "" {
		t.Fatalf("clocks agree, yet: exit %d, %q", r.code, r.stderr)
	}
	for shift, says := range map[time.Duration]string{-time.Hour: "1h ahead", time.Hour: "1h behind"} {
		p.ShiftDate(shift)
		r := runCLI(t, via, history, "presign", "s3://photos/a.jpg")
		if r.code != 0 || !strings.Contains(r.stderr, "warning: this computer's clock is "+says) {
			t.Errorf("server Date shifted by %v: exit %d, stderr %q", shift, r.code, r.stderr)
		}
		checkSecrets(t, r, true)
		if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("want one warning line, got %q", r.stderr)
		}
	}
}

// silentEndpoint accepts connections and never answers; it returns its
// http:// URL.
func silentEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() }) // accepted, never answered
		}
	}()
	return "http://" + ln.Addr().String()
}

// timedLine is one line of stderr and when it arrived.
type timedLine struct {
	text string
	at   time.Duration
}

// runTimed runs the binary like runCLI and notes when each stderr line
// arrived, counted from the start.
func runTimed(t *testing.T, srv *testsrv.Server, history string, args ...string) (result, []timedLine, time.Duration) {
	t.Helper()
	full := append([]string{"--history", history, "--endpoint-url", srv.Endpoint, "--path-style"}, args...)
	cmd := exec.Command(binary, full...)
	cmd.Env = append(append(os.Environ(), "HOME="+t.TempDir(), "S3SHARE_HISTORY="), srv.Env()...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var lines []timedLine
	var stderr strings.Builder
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		lines = append(lines, timedLine{sc.Text(), time.Since(start)})
		stderr.WriteString(sc.Text() + "\n")
	}
	err = cmd.Wait()
	took := time.Since(start)
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running s3share: %v", err)
	}
	return result{stdout.String(), stderr.String(), code}, lines, took
}

// TestSilentEndpoint: a server that accepts connections and never answers
// must not hold a command for the SDK's retries (3 x 20 s). After about a
// second the command says on stderr what it waits for; listing gives up
// within 15 s and presign's checks after 10 s, each with one line naming
// the endpoint, exit 1, nothing recorded.
func TestSilentEndpoint(t *testing.T) {
	endpoint := silentEndpoint(t)
	srv := &testsrv.Server{Endpoint: endpoint, AccessKey: testsrv.AccessKey, SecretKey: testsrv.SecretKey, Region: "us-east-1"}
	cases := []struct {
		args    []string
		waiting string
	}{
		{[]string{"buckets"}, "list buckets"},
		{[]string{"ls", "s3://photos/shoots/"}, "list s3://photos/shoots/"},
		{[]string{"presign", "s3://photos/a.jpg"}, "check s3://photos/a.jpg"},
	}
	for _, tc := range cases {
		t.Run(tc.args[0], func(t *testing.T) {
			t.Parallel()
			history := filepath.Join(t.TempDir(), "history.db")
			r, lines, took := runTimed(t, srv, history, tc.args...)
			t.Logf("exit %d after %v: %q", r.code, took.Round(time.Millisecond), r.stderr)
			if r.code != 1 || r.stdout != "" || len(lines) != 2 {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1, a waiting line and an error line", r.code, r.stdout, r.stderr)
			}
			if want := "s3share: waiting for " + endpoint + " (" + tc.waiting + ")…"; lines[0].text != want {
				t.Errorf("first line %q, want %q", lines[0].text, want)
			}
			if took-lines[0].at < 5*time.Second { // generous: said after about 1 s, the answer awaited for 10 s or more
				t.Errorf("the waiting line came %v after the start, %v before the end: not while waiting", lines[0].at, took)
			}
			if !strings.Contains(lines[1].text, endpoint) {
				t.Errorf("the error does not name %s: %q", endpoint, lines[1].text)
			}
			if took > 20*time.Second { // generous: the SDK alone would take a minute
				t.Errorf("%s took %v against a silent endpoint", tc.args[0], took)
			}
			if rows := historyList(t, history); len(rows) != 0 {
				t.Errorf("history gained %d links", len(rows))
			}
		})
	}
}
