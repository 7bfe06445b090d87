package cli

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestPresignUntilAnAbsoluteTime: --expires with a time records exactly
// that time as the link's end, not a second before.
func TestPresignUntilAnAbsoluteTime(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.jpg", []byte("a"))
	history := filepath.Join(t.TempDir(), "history.db")
	end := time.Now().Add(3 * time.Hour).Truncate(time.Minute)

	for _, arg := range []string{end.Format("2006-01-02 15:04"), end.UTC().Format(time.RFC3339)} {
		r := runCLI(t, srv, history, "presign", "--json", "--expires", arg, "s3://photos/a.jpg")
		rows := jsonLines(t, r.stdout)
		if r.code != 0 || len(rows) != 1 {
			t.Fatalf("presign --expires %q: exit %d: %s", arg, r.code, r.stderr)
		}
		for _, field := range []string{"expires_at", "effective_expires_at"} {
			got, err := time.Parse(time.RFC3339Nano, rows[0][field].(string))
			if err != nil || !got.Equal(end) {
				t.Errorf("--expires %q: %s %v, want %s (%v)", arg, field, got, end.UTC().Format(time.RFC3339), err)
			}
		}
		if code, _ := fetch(t, rows[0]["url"].(string)); code != 200 {
			t.Errorf("--expires %q: the link answers %d", arg, code)
		}
	}
	for _, row := range jsonLines(t, runCLI(t, nil, history, "history", "--json").stdout) {
		if got, _ := time.Parse(time.RFC3339Nano, row["expires_at"].(string)); !got.Equal(end) {
			t.Errorf("history records the end as %v, want %v", got, end.UTC())
		}
	}
}
