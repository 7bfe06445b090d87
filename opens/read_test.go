package opens_test

import (
	"context"
	"testing"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/opens"
)

// TestReadRecordsEachRequestOnce: links issued through the pipeline are
// opened (from two addresses), checked by s3share, tried after their end;
// the logs are delivered twice; a read records each request once, s3share's
// check as a check; a second read fetches no log object; a later delivery
// is read alone, and found through GetBucketLogging as well as through the
// setting.
func TestReadRecordsEachRequestOnce(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	links := w.share(t, false, "a.png", "never.png")
	a, never := links[0], links[1]
	revocable := w.share(t, true, "b.png")[0]
	late := w.ended(t, "late.png")
	if testsrv.OpenFrom(t, "127.0.0.1", a.URL, "agent one") != 200 || testsrv.OpenFrom(t, "127.0.0.2", a.URL, "agent two") != 200 ||
		testsrv.OpenFrom(t, "127.0.0.1", revocable.URL, "agent one") != 200 || testsrv.OpenFrom(t, "127.0.0.1", late.URL, "late agent") != 403 {
		t.Fatal("the links did not answer as issued")
	}
	if v := linkcheck.NewChecker(0, 5*time.Second, nil).Probe(ctx, a); !v.Works() {
		t.Fatalf("check: %+v", v)
	}
	w.deliver(t, 2)

	r := opens.NewReader(w.b, w.h, opens.Options{Location: "s3://logs/access/"})
	res, err := r.Read(ctx)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if res.Objects != 2 || res.NewHits != 5 || res.Links != 4 || res.BadLines != 0 || len(res.Locations) != 1 {
		t.Errorf("read %+v; want 2 objects, 5 new requests for 4 links", res)
	}
	if res.LogsUpTo.Before(a.IssuedAt) || res.LogsUpTo.After(time.Now()) {
		t.Errorf("logs up to %v", res.LogsUpTo)
	}
	st, err := opens.Summaries(ctx, w.h, ids(a, never, revocable, late))
	if err != nil {
		t.Fatal(err)
	}
	wantOpens(t, st, a.ID, accesslog.Opens{Opens: 2, IPs: 2, Checks: 1, LastUserAgent: "agent two"})
	wantOpens(t, st, revocable.ID, accesslog.Opens{Opens: 1, IPs: 1, LastUserAgent: "agent one"})
	wantOpens(t, st, late.ID, accesslog.Opens{AfterEnd: 1})
	if o, ok := st.ByLink[never.ID]; ok {
		t.Errorf("a link nobody opened has %+v", o)
	}

	gets := w.proxy.Count("logs", "REST.GET.OBJECT")
	again, err := r.Read(ctx)
	if err != nil || again.Objects != 0 || again.Gets != 0 || again.Lists != 1 || w.proxy.Count("logs", "REST.GET.OBJECT") != gets {
		t.Errorf("second read: %+v, %v; want one listing and no log object fetched", again, err)
	}

	if testsrv.OpenFrom(t, "127.0.0.3", never.URL, "agent three") != 200 {
		t.Fatal("never.png did not open")
	}
	w.deliver(t, 1)
	found, err := opens.NewReader(w.b, w.h, opens.Options{}).Read(ctx) // where GetBucketLogging says
	if err != nil || found.Objects != 1 || found.NewHits != 1 || found.Gets != 1 || found.Locations[0] != "s3://logs/access/" {
		t.Fatalf("third read: %+v, %v; want only the new object", found, err)
	}
	hits, err := opens.Requests(ctx, w.h, never.ID)
	if err != nil || len(hits) != 1 || hits[0].RemoteIP != "127.0.0.3" || hits[0].UserAgent != "agent three" || hits[0].Status != 200 {
		t.Errorf("never.png's requests: %+v, %v", hits, err)
	}
}

// wantOpens compares a link's summary, its times aside.
func wantOpens(t *testing.T, st opens.Stored, id int64, want accesslog.Opens) {
	t.Helper()
	got := st.ByLink[id]
	if got.Opens > 0 && (got.FirstOpen.IsZero() || got.LastOpen.Before(got.FirstOpen)) || got.AfterEnd > 0 && got.LastAfterEnd.IsZero() {
		t.Errorf("link %d: times %+v", id, got)
	}
	got.FirstOpen, got.LastOpen, got.LastAfterEnd = time.Time{}, time.Time{}, time.Time{}
	if got != want {
		t.Errorf("link %d: %+v, want %+v", id, got, want)
	}
}

// TestNothingNewIsOneRequest: a read with nothing new, by a new process (a
// new S3 client, the same history), sends one LIST of the log prefix and
// nothing else: the log bucket's region comes from the history's cache,
// not from a ListBuckets each time.
func TestNothingNewIsOneRequest(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.share(t, false, "a.png")[0]
	if testsrv.OpenFrom(t, "127.0.0.1", a.URL, "agent") != 200 {
		t.Fatal("a.png did not open")
	}
	w.deliver(t, 1)
	opts := opens.Options{Location: "s3://logs/access/"}
	if res, err := opens.NewReader(w.fresh(), w.h, opts).Read(ctx); err != nil || res.NewHits != 1 {
		t.Fatalf("first read: %+v, %v", res, err)
	}
	before := w.proxy.Requests()
	res, err := opens.NewReader(w.fresh(), w.h, opts).Read(ctx)
	if sent := w.proxy.Requests() - before; err != nil || res.Objects != 0 || sent != 1 || res.Lists != 1 {
		t.Errorf("a read with nothing new by a new client: %+v, %v; %d requests sent, want one LIST", res, err, sent)
	}
}
