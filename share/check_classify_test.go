package share

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// TestClassifyAWSAnswers replays answers of AWS S3 that local servers
// cannot give.
func TestClassifyAWSAnswers(t *testing.T) {
	want := map[string]VerdictKind{
		"expired-token.txt": VerdictSessionEnded, "not-yet-valid.txt": VerdictNotYetValid,
		"access-denied.txt": VerdictDenied, "wrong-region.txt": VerdictWrongRegion,
		"permanent-redirect.txt": VerdictWrongRegion, "request-expired.txt": VerdictExpired,
		"invalid-access-key.txt": VerdictSignerRevoked,
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
