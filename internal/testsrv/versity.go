package testsrv

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Option changes how Versity starts the server.
type Option func(*versityConfig)

type versityConfig struct {
	region string
	iam    bool
	parent string // where the server's directory is made; "" for the test's temp dir
	noMeta bool
}

// WithoutMetadata runs the posix backend with --nometa: no object metadata
// is stored or read (no extended attributes), so objects written straight
// into the directory list exactly as they do by default, at a third of the
// server's CPU per key.
func WithoutMetadata() Option {
	return func(c *versityConfig) { c.noMeta = true }
}

// WithIAM runs the gateway's internal IAM service, so users can be created
// and deleted (CreateUser, DeleteUser).
func WithIAM() Option {
	return func(c *versityConfig) { c.iam = true }
}

// WithRegion sets the region the server answers for (default us-east-1).
func WithRegion(region string) Option {
	return func(c *versityConfig) { c.region = region }
}

// InDir makes the server's directory inside parent (a fresh one, removed
// when the test ends), e.g. on a tmpfs so that seeding 100,000 files takes
// a second instead of a minute.
func InDir(parent string) Option {
	return func(c *versityConfig) { c.parent = parent }
}

// Versity starts versitygw (VERSITYGW, else .bin/versitygw at the module
// root) on a free 127.0.0.1 port over a temp directory, waits until it
// accepts connections, and stops it when the test ends. Without the binary
// the test is skipped, or fails when CI=true.
func Versity(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := versityConfig{region: "us-east-1"}
	for _, o := range opts {
		o(&cfg)
	}
	bin := versityBinary(t)
	dir := serverDir(t, cfg.parent)
	addr := freeAddr(t)
	args := []string{"--port", addr, "--access", AccessKey, "--secret", SecretKey, "--region", cfg.region}
	if cfg.iam {
		args = append(args, "--iam-dir", t.TempDir())
	}
	posix := []string{"posix"}
	if cfg.noMeta {
		posix = append(posix, "--nometa")
	}
	cmd := exec.Command(bin, append(append(args, posix...), dir)...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("testsrv: start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { stop(cmd, exited) })
	waitReady(t, addr, exited, out)
	return &Server{
		Endpoint:  "http://" + addr,
		AccessKey: AccessKey,
		SecretKey: SecretKey,
		Region:    cfg.region,
		Dir:       dir,
		bin:       bin,
		pid:       cmd.Process.Pid,
	}
}

// CreateUser adds a gateway user with role "admin", "user" or "userplus"
// (the server must run WithIAM).
func (s *Server) CreateUser(t testing.TB, access, secret, role string) {
	t.Helper()
	s.admin(t, "create-user", "--access", access, "--secret", secret, "--role", role)
}

// DeleteUser deletes a gateway user: its access key stops being accepted.
func (s *Server) DeleteUser(t testing.TB, access string) {
	t.Helper()
	s.admin(t, "delete-user", "--access", access)
}

// admin runs one `versitygw admin` command against the server.
func (s *Server) admin(t testing.TB, args ...string) {
	t.Helper()
	if s.bin == "" {
		t.Fatal("testsrv: admin commands need a versitygw server")
	}
	full := append([]string{"admin", "--access", s.AccessKey, "--secret", s.SecretKey, "--region", s.Region,
		"--endpoint-url", s.Endpoint}, args...)
	if out, err := exec.Command(s.bin, full...).CombinedOutput(); err != nil {
		t.Fatalf("testsrv: versitygw admin %s: %v: %s", args[0], err, out)
	}
}

// serverDir makes the directory the server serves.
func serverDir(t testing.TB, parent string) string {
	t.Helper()
	if parent == "" {
		return t.TempDir()
	}
	dir, err := os.MkdirTemp(parent, "versitygw-")
	if err != nil {
		t.Fatalf("testsrv: server directory in %s: %v", parent, err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// versityBinary finds the versitygw binary or skips (fails under CI).
func versityBinary(t testing.TB) string {
	t.Helper()
	bin := os.Getenv("VERSITYGW")
	if bin == "" {
		root, err := moduleRoot()
		if err != nil {
			missing(t, err.Error())
		}
		bin = filepath.Join(root, ".bin", "versitygw")
	}
	if _, err := os.Stat(bin); err != nil {
		missing(t, fmt.Sprintf("versitygw not found at %s (run `make test`, or set VERSITYGW)", bin))
	}
	return bin
}

// missing skips the test, or fails it under CI=true.
func missing(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("testsrv: %s", reason)
	}
	t.Skipf("testsrv: %s", reason)
}

// moduleRoot walks up from the working directory to the go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// freeAddr returns a 127.0.0.1 address with a port that was free just now.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testsrv: find a free port: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("testsrv: release port: %v", err)
	}
	return addr
}

// waitReady polls addr until it accepts a connection, the process exits, or
// 15 seconds pass.
func waitReady(t testing.TB, addr string, exited <-chan struct{}, out *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			t.Fatalf("testsrv: versitygw exited before listening on %s: %s", addr, strings.TrimSpace(out.String()))
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			_ = c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("testsrv: versitygw did not listen on %s within 15s: %s", addr, strings.TrimSpace(out.String()))
}

// stop kills the server and waits for it to exit.
func stop(cmd *exec.Cmd, exited <-chan struct{}) {
	_ = cmd.Process.Kill()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
	}
}

// syncBuffer is a bytes.Buffer safe for the process's writers and readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p, dropping output past 64 KiB.
func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 64<<10 {
		return len(p), nil
	}
	return b.buf.Write(p)
}

// String returns what was written.
func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
