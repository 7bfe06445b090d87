package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// Exit codes: data on stdout, messages on stderr.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// usageError marks a mistake in how the command was called (exit 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// usagef builds a usage error from a format.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &usage),
		errors.Is(err, share.ErrBadExpiry),
		errors.Is(err, s3browse.ErrBadLocation),
		errors.Is(err, s3browse.ErrBadEndpoint):
		return exitUsage
	}
	return exitFailed
}

// report prints err as one line on stderr and returns its exit code. The
// text is escaped: it may quote keys, labels or a server's message.
func report(stderr io.Writer, err error) int {
	code := exitCode(err)
	if code == exitInterrupted {
		fmt.Fprintln(stderr, "s3share: interrupted")
		return code
	}
	fmt.Fprintf(stderr, "s3share: %s\n", words(err))
	return code
}

// flagOf is the flag each setting a library error points at is given by.
var flagOf = map[hint.Setting]string{
	hint.History:      "--history",
	hint.Profile:      "--profile",
	hint.Region:       "--region",
	hint.Endpoint:     "--endpoint-url",
	hint.Revocable:    "--revocable",
	hint.GalleryFile:  "--gallery-file",
	hint.Overwrite:    "--overwrite",
	hint.KeepMetadata: "--keep-metadata",
	hint.AllFiles:     "--all",
	hint.Recursive:    "--recursive",
	hint.ObjectName:   "--name",
	hint.AccessLogs:   "--access-logs",
}

// words is err as the CLI says it: escaped for the terminal, with the flag
// that fixes it when the error names a setting ("... use another history
// file (--history)").
func words(err error) string {
	msg := termtext.Escape(err.Error())
	if s, ok := hint.Of(err); ok {
		if flag := flagOf[s]; flag != "" && !strings.Contains(msg, flag) {
			msg += " (" + flag + ")"
		}
	}
	return msg
}
