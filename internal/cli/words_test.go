package cli

import (
	"errors"
	"fmt"
	"testing"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/s3browse"
)

// TestWordsNameTheFlag: an error a library marks with a setting is printed
// with the flag that sets it, once; other errors as they are, escaped.
func TestWordsNameTheFlag(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("history /h.db: %w", hint.With(errors.New("is corrupt: use another history file"), hint.History)),
			"history /h.db: is corrupt: use another history file (--history)"},
		{&s3browse.Error{Op: "ListBuckets", Kind: s3browse.ErrNoCredentials}, "list buckets: no credentials (--profile)"},
		{hint.With(errors.New("pass --region eu-west-1"), hint.Region), "pass --region eu-west-1"},
		{errors.New("a\x1b[2Jb"), `a\x1b[2Jb`},
	}
	for _, c := range cases {
		if got := words(c.err); got != c.want {
			t.Errorf("words(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
