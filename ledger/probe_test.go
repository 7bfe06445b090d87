package ledger_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/s3browse"
)

// probeLeftovers lists what the probe left under the prefix.
func probeLeftovers(t *testing.T, b *s3browse.Browser) []string {
	t.Helper()
	page, err := b.ListAfter(context.Background(), bucket, prefix+"probe/", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range page.Objects {
		keys = append(keys, o.Key)
	}
	return keys
}

func TestProbeAcceptsVersitygw(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	res, err := ledger.Probe(context.Background(), b, bucket, prefix)
	if err != nil || res.Leftover != nil {
		t.Fatalf("Probe = %+v, %v", res, err)
	}
	if left := probeLeftovers(t, b); len(left) != 0 {
		t.Errorf("the probe left %v", left)
	}
}

// TestProbeRefusesGofakes3: its creates check and then write, so racing
// creates of one key all win; the probe says so and cleans up.
func TestProbeRefusesGofakes3(t *testing.T) {
	s := testsrv.Fake(t)
	s.CreateBucket(t, bucket)
	b := browser(t, s, "")
	res, err := ledger.Probe(context.Background(), b, bucket, prefix)
	if !errors.Is(err, ledger.ErrNotConditional) {
		t.Fatalf("Probe = %v, want ErrNotConditional", err)
	}
	want := "s3://team/s3share/: conditional writes do not hold: 8 of 8 create-only writes of one key at the same moment succeeded: creates are not atomic"
	if err.Error() != want {
		t.Errorf("reason = %q\nwant     %q", err, want)
	}
	if res.Leftover != nil || len(probeLeftovers(t, b)) != 0 {
		t.Errorf("the probe left %v (%v)", probeLeftovers(t, b), res.Leftover)
	}
}

// TestProbeRefusesIgnoredConditions: a server that answers a second
// create, or a write on condition of a wrong ETag, with success is refused
// (the proxy plays such a server in front of a real one).
func TestProbeRefusesIgnoredConditions(t *testing.T) {
	for name, tc := range map[string]struct {
		fake func(r *http.Request) bool
		says string
	}{
		"If-None-Match ignored": {
			func(r *http.Request) bool {
				return r.Header.Get("If-None-Match") != "" && strings.HasSuffix(r.URL.Path, "/once")
			},
			"a second create-only write (If-None-Match: *) of one key replaced it instead of answering 412"},
		"If-Match ignored": {
			func(r *http.Request) bool { return r.Header.Get("If-Match") != "" },
			"a write on condition of a wrong ETag (If-Match) replaced the object"},
	} {
		t.Run(name, func(t *testing.T) {
			s := team(t)
			c := newCounter(t, s.Endpoint)
			var created atomic.Bool
			c.set(func(r *http.Request) (bool, func(http.ResponseWriter)) {
				if r.Method != http.MethodPut || !tc.fake(r) {
					return false, nil
				}
				if r.Header.Get("If-None-Match") != "" && !created.Swap(true) {
					return false, nil // the first create goes through
				}
				return true, func(w http.ResponseWriter) { w.Header().Set("ETag", `"x"`) }
			}, nil)
			_, err := ledger.Probe(context.Background(), browser(t, s, c.URL), bucket, prefix)
			if !errors.Is(err, ledger.ErrNotConditional) || !strings.HasSuffix(err.Error(), tc.says) {
				t.Fatalf("Probe = %v, want a refusal saying %q", err, tc.says)
			}
			if left := probeLeftovers(t, browser(t, s, "")); len(left) != 0 {
				t.Errorf("the probe left %v", left)
			}
		})
	}
}

// readOnly starts versitygw with a user "reader" that may list and read
// the team bucket but not write it, and returns the server.
func readOnly(t *testing.T) (*testsrv.Server, *testsrv.Server) {
	t.Helper()
	s := testsrv.Versity(t, testsrv.WithIAM())
	s.CreateBucket(t, bucket)
	s.CreateUser(t, "reader", "reader-secret-0123456789", "user")
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["reader"]},` +
		`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::team","arn:aws:s3:::team/*"]}]}`
	_, err := s.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)})
	if err != nil {
		t.Fatalf("bucket policy: %v", err)
	}
	return s, s.WithKeys("reader", "reader-secret-0123456789")
}

func TestProbeWithoutWriteAccess(t *testing.T) {
	_, reader := readOnly(t)
	res, err := ledger.Probe(context.Background(), browser(t, reader, ""), bucket, prefix)
	if !errors.Is(err, s3browse.ErrAccessDenied) || errors.Is(err, ledger.ErrNotConditional) {
		t.Fatalf("Probe without s3:PutObject = %v, want ErrAccessDenied", err)
	}
	if res.Leftover != nil {
		t.Errorf("a probe that wrote nothing reports leftovers: %v", res.Leftover)
	}
}

// TestReadOnlyMemberSyncs: a member who may read but not write the prefix
// still pulls everything, and learns in one line why its own events stay
// in the outbox.
func TestReadOnlyMemberSyncs(t *testing.T) {
	s, reader := readOnly(t)
	ann := started(t, browser(t, s, ""))
	joined(t, browser(t, s, ""), "rita") // an admin wrote her member object
	ann.issue("a.png")
	ann.push(t)
	rita := newMember(t, browser(t, reader, ""), "rita")
	rita.issue("mine.png")
	res, err := rita.Sync(context.Background())
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if !errors.Is(res.PushErr, s3browse.ErrAccessDenied) || !strings.Contains(res.PushErr.Error(), "s3:PutObject") ||
		strings.ContainsAny(res.PushErr.Error(), "\n") {
		t.Errorf("push error = %v, want one line of access denied naming s3:PutObject", res.PushErr)
	}
	if rita.cache.outboxLen() != 1 || len(rita.cache.links()) != 1 || res.Pull.Applied != 1 {
		t.Errorf("outbox %d, links %d, applied %d", rita.cache.outboxLen(), len(rita.cache.links()), res.Pull.Applied)
	}
}

// TestJoinWithoutWriteAccess: credentials that may read the ledger but
// not write there cannot write their member entry: Join says so (the
// ledger is there, so the member can still pull). An entry someone else
// wrote for the same identity is taken as it is; one of another identity
// is refused as a name taken.
func TestJoinWithoutWriteAccess(t *testing.T) {
	s, reader := readOnly(t)
	started(t, browser(t, s, ""))
	rita := newMember(t, browser(t, reader, ""), "rita")
	_, err := rita.Join(context.Background(), "reader", "Rita")
	if !errors.Is(err, ledger.ErrEntryNotWritten) || !errors.Is(err, s3browse.ErrAccessDenied) ||
		!strings.Contains(err.Error(), "members/rita.json") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Join without write access = %v, want one line: entry not written, access denied", err)
	}
	if res, err := rita.Pull(context.Background()); err != nil || res.Applied != 0 {
		t.Errorf("pull after the refused entry: %+v, %v", res, err)
	}
	joined(t, browser(t, s, ""), "rita") // written by an admin, as identity AKIDRITA
	if _, err := rita.AddMember(context.Background(), "reader", "Rita"); !errors.Is(err, ledger.ErrNameTaken) {
		t.Errorf("AddMember over another identity's entry = %v, want ErrNameTaken", err)
	}
	m, err := rita.AddMember(context.Background(), "AKIDRITA", "Rita")
	if err != nil || m.Name != "rita" || m.Identity != "AKIDRITA" || m.Joined.IsZero() {
		t.Errorf("AddMember over its own entry, read-only = %+v, %v", m, err)
	}
}
