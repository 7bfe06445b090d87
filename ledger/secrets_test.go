package ledger_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
)

// TestNoSecretInTheBucket: after links signed with session credentials
// were shared, renewed, checked and snapshotted, no byte under the prefix
// (snapshots unpacked) names X-Amz-Signature or X-Amz-Security-Token.
func TestNoSecretInTheBucket(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b, every(3))
	bob := joined(t, b, "bob", every(3))
	var links []string
	for i := range 8 {
		e := ann.NewEvent(ledger.KindIssued, ledger.NewID())
		e.Record = issued("ann", e.At, "a.png").Record
		stripped, err := ledger.StripSecrets(sessionURL(t, fmt.Sprintf("dir/%d.png", i)))
		if err != nil {
			t.Fatal(err)
		}
		e.Record.URL = stripped
		ann.cache.enqueue(e)
		ann.push(t)
		links = append(links, e.Link)
	}
	bob.pull(t)
	renew := bob.NewEvent(ledger.KindRenewed, ledger.NewID())
	renew.RenewedFrom = links[0]
	renew.Record = issued("bob", renew.At, "a.png").Record
	renew.Record.URL, _ = ledger.StripSecrets(sessionURL(t, "dir/0.png"))
	check := bob.NewEvent(ledger.KindChecked, links[1])
	check.Verdict = &ledger.Verdict{Kind: "works", Detail: "206", At: check.At}
	bob.cache.enqueue(renew, check)
	if res := bob.push(t); res.Snapshot != 9 {
		t.Fatalf("bob's push = %+v, want snapshot 9", res)
	}
	objects := s.ObjectsUnder(t, bucket, prefix)
	testsrv.NoSecrets(t, objects)
	snapshots := 0
	for key, data := range objects {
		if bytes.HasSuffix([]byte(key), []byte(".gz")) {
			snapshots++
		}
		if !bytes.Contains(data, []byte("X-Amz-Credential")) && bytes.Contains([]byte(key), []byte("/log/")) {
			t.Errorf("%s lost the rest of the URL", key)
		}
	}
	if snapshots != 3 || len(objects) < 12 {
		t.Errorf("scanned %d objects, %d snapshots: the run did not write what it should", len(objects), snapshots)
	}
}
