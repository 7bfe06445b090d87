package history

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// execCmd is a started child test process with its combined output.
type execCmd struct {
	cmd *exec.Cmd
	out *bytes.Buffer
}

// startAppender re-runs this test binary as an appending child on path.
func startAppender(t *testing.T, path string) *execCmd {
	t.Helper()
	c := &execCmd{out: &bytes.Buffer{}}
	c.cmd = exec.Command(os.Args[0])
	c.cmd.Env = append(os.Environ(), appenderEnv+"="+path)
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.out
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return c
}
