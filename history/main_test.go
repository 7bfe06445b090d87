package history

import (
	"fmt"
	"os"
	"testing"
)

// TestMain runs the tests, or one child process of a test (an appender of
// TestHistoryTwoProcesses, an opener), and
// removes the shared benchmark history after the run.
func TestMain(m *testing.M) {
	if path := os.Getenv(openerEnv); path != "" {
		if err := openAsChild(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if path := os.Getenv(appenderEnv); path != "" {
		if err := appendAsChild(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if benchHistory.h != nil {
		benchHistory.h.Close()
	}
	if benchHistory.dir != "" {
		os.RemoveAll(benchHistory.dir)
	}
	os.Exit(code)
}
