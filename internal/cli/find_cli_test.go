package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// findKeysJSON runs find --json and returns the keys printed, sorted.
func findKeysJSON(t *testing.T, srv *testsrv.Server, args ...string) []string {
	t.Helper()
	r := runCLI(t, srv, "", append([]string{"find", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("find %v: exit %d: %s", args, r.code, r.stderr)
	}
	keys := []string{}
	for _, row := range jsonLines(t, r.stdout) {
		if row["type"] != "object" || row["size"] == nil && row["key"] == nil {
			t.Errorf("find --json row %v is not an object row", row)
		}
		keys = append(keys, row["key"].(string))
	}
	slices.Sort(keys)
	return keys
}

// TestFindCommand finds images at any depth under a location, by name,
// size and age, through the real binary against versitygw.
func TestFindCommand(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "brand")
	dir := filepath.Join(srv.Dir, "brand")
	files := map[string]int{
		"clients/acme/LOGO-big.PNG": 5000, "clients/acme/logo.svg": 10, "clients/acme/logo.txt": 5000,
		"clients/beta/2026/q1/logo_v2.jpg": 3000, "clients/beta/photo.jpg": 3000, "old/logo-old.png": 5000,
	}
	for k, size := range files {
		path := filepath.Join(dir, k)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Repeat("x", size)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-72 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "old/logo-old.png"), old, old); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"s3://brand/clients/", "--name", "logo*"}, []string{"clients/acme/LOGO-big.PNG", "clients/acme/logo.svg", "clients/beta/2026/q1/logo_v2.jpg"}},
		{[]string{"s3://brand/clients", "--name", "LOGO.*", "--all"}, []string{"clients/acme/logo.svg", "clients/acme/logo.txt"}},
		{[]string{"s3://brand", "--name", "*logo*", "--larger", "4KB"}, []string{"clients/acme/LOGO-big.PNG", "old/logo-old.png"}},
		{[]string{"s3://brand", "--larger", "4KB", "--newer", "2d"}, []string{"clients/acme/LOGO-big.PNG"}},
		{[]string{"s3://brand", "--newer", old.Add(time.Hour).Format("2006-01-02 15:04"), "--name", "*old*"}, []string{}},
		{[]string{"s3://brand/nothing-here/"}, []string{}},
	}
	for _, tc := range cases {
		if got := findKeysJSON(t, srv, tc.args...); !slices.Equal(got, tc.want) {
			t.Errorf("find %q = %q, want %q", tc.args, got, tc.want)
		}
	}
	text := runCLI(t, srv, "", "find", "s3://brand/clients/beta/")
	if text.code != 0 || !strings.Contains(text.stdout, "clients/beta/2026/q1/logo_v2.jpg") || !strings.Contains(text.stdout, "3.0 kB") {
		t.Errorf("find text output: exit %d\n%s%s", text.code, text.stdout, text.stderr)
	}
}

// Bad flag values are one-line usage errors (exit 2) that say what to give.
func TestFindBadFlags(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	cases := []struct {
		args []string
		says string
	}{
		{[]string{"--newer", "yesterday"}, "--newer \"yesterday\""},
		{[]string{"--newer=-3h"}, "duration"},
		{[]string{"--larger", "huge"}, "--larger \"huge\""},
		{[]string{"--larger=-5"}, "size"},
		{[]string{"--name", "logo[a-"}, "--name"},
	}
	for _, tc := range cases {
		r := runCLI(t, srv, "", append([]string{"find", "s3://photos"}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.says) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("find %q: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", tc.args, r.code, r.stdout, r.stderr, tc.says)
		}
	}
	if r := runCLI(t, srv, "", "find", "photos"); r.code != 2 {
		t.Errorf("find without s3://: exit %d: %s", r.code, r.stderr)
	}
	if r := runCLI(t, srv, "", "find", "s3://nosuch/"); r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("find in a missing bucket: exit %d: %q", r.code, r.stderr)
	}
}

// A key with a control character is found exactly (--json) and printed
// escaped (text).
func TestFindShowsOddKeys(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	for _, k := range oddListingKeys {
		srv.Put(t, "photos", k, []byte("x"))
	}
	want := slices.Clone(oddListingKeys)
	slices.Sort(want)
	if got := findKeysJSON(t, srv, "s3://photos/"); !slices.Equal(got, want) {
		t.Errorf("find --json = %q, want %q", got, want)
	}
	r := runCLI(t, srv, "", "find", "s3://photos/odd")
	if r.code != 0 || strings.ContainsAny(r.stdout, "\x01\x02") || !strings.Contains(r.stdout, `odd/a\x01b.png`) || !strings.Contains(r.stdout, `odd/sub\x02dir/c.png`) {
		t.Errorf("find text output: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
}
