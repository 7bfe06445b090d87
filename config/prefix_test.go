package config

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestSharePrefixDotSegments: a share prefix with a "." or ".." segment (or
// a control character) is refused from the file and from the environment
// alike, with the reason: browsers and curl drop such segments, and the
// link answers 403.
func TestSharePrefixDotSegments(t *testing.T) {
	for _, prefix := range []string{"./", "a/./b", "x/../y", "..", "a/.", "s\u0085x/"} {
		reason := `".."`
		switch {
		case strings.Contains(prefix, "\u0085"):
			reason = "control"
		case !strings.Contains(prefix, ".."):
			reason = `"."`
		}
		path := writeFile(t, "share_prefix = \""+prefix+"\"\n")
		_, err := Load(context.Background(), path, env{}.get)
		if !errors.Is(err, ErrBadConfig) || !strings.Contains(err.Error(), path+":1:") || !strings.Contains(err.Error(), reason) ||
			!strings.Contains(err.Error(), "use a folder of the bucket") {
			t.Errorf("file share_prefix = %q: %v, want the line, the reason (%s) and what to use", prefix, err, reason)
		}
		_, err = Load(context.Background(), filepath.Join(t.TempDir(), "none"), env{"S3SHARE_SHARE_PREFIX": prefix}.get)
		if !errors.Is(err, ErrBadConfig) || !strings.Contains(err.Error(), "S3SHARE_SHARE_PREFIX=") || !strings.Contains(err.Error(), reason) {
			t.Errorf("S3SHARE_SHARE_PREFIX=%q: %v, want the variable and the reason (%s)", prefix, err, reason)
		}
	}
}
