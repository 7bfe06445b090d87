package history

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// openerEnv makes the test binary one process opening a new history at the
// instant openerAtEnv names (unix nanoseconds), then adding one link.
const (
	openerEnv   = "S3SHARE_TEST_OPEN"
	openerAtEnv = "S3SHARE_TEST_OPEN_AT"
)

// openAsChild is the child side of TestHistoryOpenedByEightAtOnce.
func openAsChild(path string) error {
	at, err := strconv.ParseInt(os.Getenv(openerAtEnv), 10, 64)
	if err != nil {
		return err
	}
	time.Sleep(time.Until(time.Unix(0, at)))
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	_, err = h.Add(context.Background(), []presigned.Link{link("b", strconv.Itoa(os.Getpid()), "", testNow, time.Hour, 0)})
	return err
}

// TestHistoryOpenedByEightAtOnce starts eight processes that open the same
// new history at the same instant, 200 times: creating the file, switching
// it to WAL and migrating it must wait for the others, as writes do.
func TestHistoryOpenedByEightAtOnce(t *testing.T) {
	const rounds, procs = 200, 8
	dir := t.TempDir()
	for round := range rounds {
		path := filepath.Join(dir, fmt.Sprint(round), "history.db")
		at := time.Now().Add(50 * time.Millisecond).UnixNano()
		cmds := make([]*exec.Cmd, procs)
		outs := make([]*bytes.Buffer, procs)
		for i := range cmds {
			outs[i] = &bytes.Buffer{}
			cmds[i] = exec.Command(os.Args[0])
			cmds[i].Env = append(os.Environ(), openerEnv+"="+path, fmt.Sprintf("%s=%d", openerAtEnv, at))
			cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatalf("round %d, process %d: %v: %s", round, i, err, strings.TrimSpace(outs[i].String()))
			}
		}
		h, err := OpenHistory(context.Background(), path, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := countLinks(t, h)
		h.Close()
		if n != procs {
			t.Fatalf("round %d: %d links, want %d", round, n, procs)
		}
	}
}
