package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/s3browse"
)

// TestErrorsSpeakTheUIsWords: an error that points at a setting says how
// to change it in the UI's terms, never with a command-line flag.
func TestErrorsSpeakTheUIsWords(t *testing.T) {
	notRevocable := hint.With(errors.New("link 3 is not revocable: share as revocable to revoke later"), hint.Revocable)
	if got := errorText(notRevocable); !strings.HasSuffix(got, "(tick revocable in the share dialog)") || strings.Contains(got, "--") {
		t.Errorf("not revocable: %q", got)
	}
	noCreds := &s3browse.Error{Op: "ListBuckets", Kind: s3browse.ErrNoCredentials}
	if got := errorText(noCreds); !strings.Contains(got, "AWS_PROFILE") || strings.Contains(got, "--") {
		t.Errorf("no credentials: %q", got)
	}
	if got := errorText(errors.New("plain")); got != "plain" {
		t.Errorf("an error without a setting: %q", got)
	}
}
