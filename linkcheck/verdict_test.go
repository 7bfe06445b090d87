package linkcheck

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/s3share/s3share/presigned"
)

// TestClassifyAWSAnswers replays answers of AWS S3 that local servers
// cannot give.
func TestClassifyAWSAnswers(t *testing.T) {
	want := map[string]presigned.VerdictKind{
		"expired-token.txt": presigned.VerdictSessionEnded, "not-yet-valid.txt": presigned.VerdictNotYetValid,
		"access-denied.txt": presigned.VerdictDenied, "wrong-region.txt": presigned.VerdictWrongRegion,
		"permanent-redirect.txt": presigned.VerdictWrongRegion, "request-expired.txt": presigned.VerdictExpired,
		"invalid-access-key.txt": presigned.VerdictSignerRevoked,
	}
	for file, kind := range want {
		t.Run(file, func(t *testing.T) {
			status, body := readAnswer(t, filepath.Join("testdata", "aws", file))
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet || r.Header.Get("Range") != "bytes=0-0" {
					t.Errorf("probe %s with Range %q, want GET bytes=0-0", r.Method, r.Header.Get("Range"))
				}
				w.Header().Set("Content-Type", "application/xml")
				if status == 301 {
					w.Header().Set("Location", "https://photos.s3.eu-west-1.amazonaws.com/a.png")
				}
				w.WriteHeader(status)
				w.Write(body)
			}))
			t.Cleanup(ts.Close)
			if v := checkOne(t, liveLink(ts.URL, "a.png")); v.Kind != kind {
				t.Errorf("verdict %q (%s), want %q", v.Kind, v.Detail, kind)
			}
		})
	}
}

// readAnswer reads a status line and a body.
func readAnswer(t *testing.T, path string) (int, []byte) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	status, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	var body strings.Builder
	if _, err := r.WriteTo(&body); err != nil {
		t.Fatal(err)
	}
	return status, []byte(body.String())
}
