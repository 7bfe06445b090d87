// Package golden compares what a test produced with a file it keeps under
// testdata, for the packages whose tests check whole frames or pictures.
// `go test ./PKG -update` rewrites the files instead.
//
// A frame that shows dates differs when the test clock is moved (see
// internal/testclock): under a shift such as +400d, testdata/NAME@+400d.golden
// holds the frame where it differs from testdata/NAME.golden, and -update
// run under the shift writes it (or removes it when the frames agree).
// `make golden` rewrites every set.
package golden

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/s3share/s3share/internal/testclock"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// Check fails t unless got equals testdata/name.golden (in the package
// being tested), or its variant for the test clock's shift; with -update it
// writes got there instead.
func Check(t testing.TB, name, got string) {
	t.Helper()
	base := filepath.Join("testdata", name+".golden")
	path := base
	if shift := testclock.Name(); shift != "" {
		path = filepath.Join("testdata", name+"@"+shift+".golden")
	}
	if *update {
		write(t, base, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && path != base {
		path = base // the frame does not change with the clock
		want, err = os.ReadFile(path)
	}
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// write stores got at path; a shifted variant equal to the base is removed
// instead.
func write(t testing.TB, base, path, got string) {
	t.Helper()
	if path != base {
		if want, err := os.ReadFile(base); err == nil && string(want) == got {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			return
		}
	}
	if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}
