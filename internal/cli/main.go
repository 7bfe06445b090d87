package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Main runs s3share with the process's arguments and standard streams, and
// returns its exit code: 0 ok, 1 failed, 2 usage, 130 cancelled. ctrl+c and
// SIGTERM cancel what is running.
func Main() int {
	keepFilesPrivate()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}
