package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  string // a file holding the CA certificate, for AWS_CA_BUNDLE
}

// newTestCA makes a CA and writes its certificate to a PEM file.
func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "s3share test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	file := filepath.Join(t.TempDir(), "ca.pem")
	writeFile(t, file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	return &testCA{cert: cert, key: key, pem: file}
}

// serve starts an HTTPS server with a certificate from the CA for names
// (DNS names or IPs), valid from notBefore to notAfter, answering every
// request with an empty bucket list. It returns the https:// URL.
func (ca *testCA) serve(t *testing.T, names []string, notBefore, notAfter time.Time) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]},
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(emptyBucketList))
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	ts.Config.ErrorLog = quietLog()
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts.URL
}

// emptyBucketList answers ListBuckets with no buckets.
func emptyBucketList(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets></Buckets><Owner><ID>x</ID></Owner></ListAllMyBucketsResult>`)
}

// TestTLSErrorsSayWhatIsWrong: https:// against a plain-HTTP port and each
// kind of certificate problem give one line that says what is wrong and
// what to do, not Go's TLS error.
func TestTLSErrorsSayWhatIsWrong(t *testing.T) {
	plain := testsrv.Versity(t)
	ca := newTestCA(t)
	now := time.Now()
	selfSigned := httptest.NewUnstartedServer(http.HandlerFunc(emptyBucketList))
	selfSigned.Config.ErrorLog = quietLog()
	selfSigned.StartTLS()
	t.Cleanup(selfSigned.Close)
	httpsPlain := strings.Replace(plain.Endpoint, "http://", "https://", 1)

	cases := []struct {
		name     string
		endpoint string
		bundle   bool
		code     int
		says     []string
	}{
		{"https against plain HTTP", httpsPlain, false, 2, []string{"plain HTTP", "use " + plain.Endpoint}},
		{"self-signed", selfSigned.URL, false, 1, []string{"not signed by an authority this computer trusts", "AWS_CA_BUNDLE"}},
		{"wrong host", ca.serve(t, []string{"s3.example.com"}, now.Add(-time.Hour), now.Add(time.Hour)), true, 1,
			[]string{"certificate", "is for s3.example.com, not 127.0.0.1"}},
		{"expired", ca.serve(t, []string{"127.0.0.1"}, now.Add(-48*time.Hour), now.Add(-24*time.Hour)), true, 1,
			[]string{"certificate", "expired"}},
		{"not yet valid", ca.serve(t, []string{"127.0.0.1"}, now.Add(24*time.Hour), now.Add(48*time.Hour)), true, 1,
			[]string{"certificate", "not valid until", "clock"}},
		{"trusted through AWS_CA_BUNDLE", ca.serve(t, []string{"127.0.0.1"}, now.Add(-time.Hour), now.Add(time.Hour)), true, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var env []string
			if tc.bundle {
				env = append(env, "AWS_CA_BUNDLE="+ca.pem)
			}
			srv := &testsrv.Server{Endpoint: tc.endpoint, AccessKey: testsrv.AccessKey, SecretKey: testsrv.SecretKey, Region: "us-east-1"}
			r := runCLIEnv(t, srv, filepath.Join(t.TempDir(), "history.db"), env, "buckets")
			t.Logf("exit %d: %s", r.code, strings.TrimSpace(r.stderr))
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d: %q", r.code, tc.code, r.stderr)
			}
			if tc.code == 0 {
				return
			}
			msg := strings.TrimSpace(r.stderr)
			if strings.Contains(msg, "\n") || strings.Contains(msg, "x509:") || strings.Contains(msg, "tls:") {
				t.Errorf("want one line in words, got %q", msg)
			}
			for _, want := range append(tc.says, tc.endpoint) {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr does not say %q: %q", want, msg)
				}
			}
		})
	}
}

// quietLog drops the test servers' handshake complaints.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
