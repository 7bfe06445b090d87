// Command s3share shares private images from S3 through presigned links and
// remembers every link it issued. With no arguments it opens the terminal UI;
// subcommands do the same jobs for scripts.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	keepFilesPrivate()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
