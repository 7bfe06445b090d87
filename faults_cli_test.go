package main

import (
	"net"
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

// TestPresignGivesUpOnSilentEndpoint: a server that accepts connections and
// never answers must not hold presign for the SDK's retries (3 x 20 s): the
// bucket check gives up after 10 s, cancels the signing, names the
// endpoint, and records nothing.
func TestPresignGivesUpOnSilentEndpoint(t *testing.T) {
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
	endpoint := "http://" + ln.Addr().String()
	history := filepath.Join(t.TempDir(), "history.db")
	srv := &testsrv.Server{Endpoint: endpoint, AccessKey: testsrv.AccessKey, SecretKey: testsrv.SecretKey, Region: "us-east-1"}

	start := time.Now()
	r := runCLI(t, srv, history, "presign", "s3://photos/a.jpg")
	took := time.Since(start)
	if r.code != 1 || !strings.Contains(r.stderr, endpoint) || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 naming %s", r.code, r.stdout, r.stderr, endpoint)
	}
	if took > 25*time.Second { // generous: the checks give up after 10 s, the SDK alone would take a minute
		t.Errorf("presign took %v against a silent endpoint", took)
	}
	if rows := historyList(t, history); len(rows) != 0 {
		t.Errorf("history gained %d links", len(rows))
	}
}
