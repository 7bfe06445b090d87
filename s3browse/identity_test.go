package s3browse_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestCallerIdentityFallsBack: servers without STS (versitygw answers a
// POST to / with 405, gofakes3 refuses a signature for another service)
// give the access key id.
func TestCallerIdentityFallsBack(t *testing.T) {
	for name, srv := range servers(t) {
		got, err := srv.Browser(t).CallerIdentity(context.Background())
		if err != nil || got != srv.AccessKey {
			t.Errorf("%s: CallerIdentity = %q, %v; want the access key id %q", name, got, err, srv.AccessKey)
		}
	}
}

// TestCallerIdentityFromSTS: a server that answers GetCallerIdentity at
// the S3 endpoint gives the caller's ARN. The fake checks that the
// request is signed with SigV4 for service sts by the caller's keys (it
// signs the request again with the signed headers and compares), and
// answers anything else with 403.
func TestCallerIdentityFromSTS(t *testing.T) {
	const arn = "arn:aws:iam::111122223333:user/ann"
	srv := &testsrv.Server{AccessKey: "AKSTSTEST", SecretKey: "sts-secret-0123456789", Region: "eu-west-1"}
	calls := 0
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		if err := checkSigV4(r, body, srv, "sts"); err != "" || form.Get("Action") != "GetCallerIdentity" {
			t.Errorf("STS request: %s, action %q", err, form.Get("Action"))
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>`+arn+`</Arn><UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`)
	}))
	t.Cleanup(fake.Close)
	srv.Endpoint = fake.URL
	got, err := srv.Browser(t).CallerIdentity(context.Background())
	if err != nil || got != arn || calls != 1 {
		t.Errorf("CallerIdentity = %q, %v after %d calls; want %s after one", got, err, calls, arn)
	}
}

// checkSigV4 checks that r carries a SigV4 Authorization for service in
// srv's region by srv's keys: "" when it does, else what is wrong.
func checkSigV4(r *http.Request, body []byte, srv *testsrv.Server, service string) string {
	auth := r.Header.Get("Authorization")
	date, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return "no X-Amz-Date"
	}
	scope := srv.AccessKey + "/" + date.Format("20060102") + "/" + srv.Region + "/" + service + "/aws4_request"
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential="+scope+",") {
		return "Authorization is not SigV4 for " + scope + ": " + auth
	}
	_, signed, _ := strings.Cut(auth, "SignedHeaders=")
	signed, _, _ = strings.Cut(signed, ",")
	again, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	again.ContentLength = r.ContentLength // the signer takes content-length from here
	for _, h := range strings.Split(signed, ";") {
		if h != "host" && h != "content-length" {
			again.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	sum := sha256.Sum256(body)
	creds, err := srv.Credentials().Retrieve(context.Background())
	if err == nil {
		err = v4.NewSigner().SignHTTP(context.Background(), creds, again, hex.EncodeToString(sum[:]), service, srv.Region, date)
	}
	if err != nil {
		return err.Error()
	}
	if again.Header.Get("Authorization") != auth {
		return "the signature does not verify"
	}
	return ""
}
