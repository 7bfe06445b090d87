// Command s3share shares private images from S3 through presigned links and
// remembers every link it issued. With no arguments it opens the terminal UI;
// subcommands do the same jobs for scripts. The CLI lives in internal/cli.
package main

import (
	"os"

	"github.com/s3share/s3share/internal/cli"
)

func main() { os.Exit(cli.Main()) }
