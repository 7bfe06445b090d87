//go:build unix

package linkcheck

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// TestCABundleThatIsNotAFile: AWS_CA_BUNDLE naming a FIFO is not read: the checker starts at once with the system's roots, and the
// check says what TLS made of the server, as with no bundle.
func TestCABundleThatIsNotAFile(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusPartialContent)
	}))
	t.Cleanup(ts.Close)
	l := presigned.Link{URL: ts.URL + "/photos/a.png", Endpoint: ts.URL, Bucket: "photos", Key: "a.png", IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour), EffectiveExpiresAt: time.Now().Add(time.Hour)}
	fifo := filepath.Join(t.TempDir(), "ca.pem")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	verdict := make(chan presigned.Verdict, 1)
	go func() {
		verdict <- NewChecker(0, 5*time.Second, nil).TrustCABundle(fifo).Probe(t.Context(), l)
	}()
	select {
	case v := <-verdict:
		if v.Kind != presigned.VerdictUnreachable || !strings.Contains(v.Detail, "certificate") {
			t.Errorf("AWS_CA_BUNDLE naming a FIFO: %+v, want unreachable naming the certificate", v)
		}
	case <-time.After(time.Minute): // no measure of speed: a hang guard
		t.Fatal("AWS_CA_BUNDLE naming a FIFO: the check still waits after a minute: the FIFO is being read")
	}
}
