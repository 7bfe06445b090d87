package cli

import (
	"path/filepath"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestListJSONSizes: every object line carries its size, 0 included; a
// folder line carries none.
func TestListJSONSizes(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "empty.png", nil)
	srv.Put(t, "photos", "one.png", []byte("1"))
	srv.Put(t, "photos", "shoots/a.png", []byte("a"))

	r := runCLI(t, srv, filepath.Join(t.TempDir(), "history.db"), "ls", "--json", "s3://photos")
	rows := jsonLines(t, r.stdout)
	if r.code != 0 || len(rows) != 3 {
		t.Fatalf("ls --json: exit %d, %v, %s", r.code, rows, r.stderr)
	}
	want := map[string]any{"empty.png": 0.0, "one.png": 1.0}
	for _, row := range rows {
		size, has := row["size"]
		switch key := row["key"].(string); row["type"] {
		case "folder":
			if has {
				t.Errorf("folder %s has a size: %v", key, size)
			}
		default:
			if !has || size != want[key] {
				t.Errorf("%s: size %v (present: %v), want %v", key, size, has, want[key])
			}
		}
	}
}
