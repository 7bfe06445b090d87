package history

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// lockerEnv makes the test binary a process that holds the write lock of
// the history it names until its stdin closes.
const lockerEnv = "S3SHARE_TEST_LOCK"

// lockAsChild is the child side of holdWriteLock: it takes the history's
// write lock (BEGIN IMMEDIATE), says "locked" on stdout, and holds the lock
// until its stdin closes.
func lockAsChild(path string) error {
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	ctx := context.Background()
	conn, err := h.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin) // until the test lets go
	_, err = conn.ExecContext(ctx, "ROLLBACK")
	return err
}

// heldLock is another process holding a history's write lock.
type heldLock struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *strings.Builder
}

// holdWriteLock starts a process that holds the write lock of the history
// at path, and returns once it holds it.
func holdWriteLock(t *testing.T, path string) *heldLock {
	t.Helper()
	l := &heldLock{cmd: exec.Command(os.Args[0]), out: &strings.Builder{}}
	l.cmd.Env = append(os.Environ(), lockerEnv+"="+path)
	l.cmd.Stderr = l.out
	stdout, err := l.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if l.stdin, err = l.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.stdin.Close(); _ = l.cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		t.Fatalf("the locking process said %q, %v: %s", line, err, l.out)
	}
	return l
}

// release lets go of the lock and waits for the process to end.
func (l *heldLock) release(t *testing.T) {
	t.Helper()
	l.stdin.Close()
	if err := l.cmd.Wait(); err != nil {
		t.Fatalf("the locking process: %v: %s", err, l.out)
	}
}
