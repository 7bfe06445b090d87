package accesslogproxy

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// Batch is the records of one source bucket taken together: what AWS
// writes into one log object.
type Batch struct {
	Source string   // the logged bucket
	Lines  []string // one record each
}

// Take returns the records of source logged since the last Take, once the
// requests in flight are done.
func (p *Proxy) Take(source string) Batch {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waitIdle()
	b := Batch{Source: source, Lines: p.pending[source]}
	delete(p.pending, source)
	return b
}

// Deliver writes b as one log object into its source's target, named for
// the delivery time at under AWS's key layout with a fresh unique part
// (delivering a batch twice makes two objects holding the same records),
// straight to srv (not through the proxy). It returns the key.
func (p *Proxy) Deliver(t testing.TB, srv *testsrv.Server, b Batch, at time.Time) string {
	t.Helper()
	p.mu.Lock()
	target, ok := p.logging[b.Source]
	p.mu.Unlock()
	if !ok {
		t.Fatalf("accesslogproxy: %s is not logged", b.Source)
	}
	key := p.Key(target, b.Source, at)
	body := strings.Join(b.Lines, "\n")
	if body != "" {
		body += "\n"
	}
	srv.Put(t, target.Bucket, key, []byte(body))
	return key
}

// Key names a log object of source delivered at at: PREFIX
// YYYY-mm-DD-HH-MM-SS-UNIQUE, or partitioned PREFIX
// ACCOUNT/REGION/BUCKET/YYYY/MM/DD/YYYY-MM-DD-hh-mm-ss-UNIQUE.
func (p *Proxy) Key(t Target, source string, at time.Time) string {
	at = at.UTC()
	name := at.Format("2006-01-02-15-04-05") + "-" + unique()
	if !t.Partitioned {
		return t.Prefix + name
	}
	return t.Prefix + p.Account + "/" + p.Region + "/" + source + "/" + at.Format("2006/01/02/") + name
}

// unique is the UniqueString of a log key: 16 uppercase hex digits.
func unique() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}
