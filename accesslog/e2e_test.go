package accesslog_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/accesslogproxy"
)

// hostileAgent is a user agent with spaces, quotes, a bidi override and a
// byte that is not UTF-8 (HTTP lets all of these through).
const hostileAgent = "Mozilla/5.0 (X11; Linux) \"quoted\" \u202egnp.exe \xff end"

// TestOpensEndToEnd issues links against versitygw behind the logging
// proxy, opens them with net/http and curl, after their end, with a
// tampered signature, through a revocable copy that is then
// deleted and through a gallery, delivers the logs in two batches (the
// first twice), and reads the exact opens back; a second read fetches no
// log object twice, and a third reads only what was delivered since.
func TestOpensEndToEnd(t *testing.T) {
	w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: "access/"})
	ctx := context.Background()
	const spaced = "Proofs for Bo/a+b%.png"
	for _, k := range []string{spaced, "late.png", "never.png", "s3share-shares/x1/copy.png",
		"s3share-galleries/g1.html", "gal/1.png", "gal/2.png"} {
		w.srv.Put(t, "photos", k, []byte("bytes of "+k))
	}
	now := time.Now().UTC().Truncate(time.Second)
	urls := map[string]string{
		"spaced":  w.presign(t, spaced, now, time.Hour),
		"late":    w.presign(t, "late.png", now.Add(-2*time.Hour), time.Hour), // ended an hour ago
		"never":   w.presign(t, "never.png", now, time.Hour),
		"copy":    w.presign(t, "s3share-shares/x1/copy.png", now, time.Hour),
		"gallery": w.presign(t, "s3share-galleries/g1.html", now, time.Hour),
		"img1":    w.presign(t, "gal/1.png", now, time.Hour),
		"img2":    w.presign(t, "gal/2.png", now, time.Hour),
	}
	links := []accesslog.LinkRef{
		ref(t, "spaced", spaced, "", urls["spaced"]), ref(t, "late", "late.png", "", urls["late"]),
		ref(t, "never", "never.png", "", urls["never"]),
		ref(t, "copy", "orig.png", "s3share-shares/x1/copy.png", urls["copy"]),
		ref(t, "gallery", "s3share-galleries/g1.html", "", urls["gallery"]),
		ref(t, "img1", "gal/1.png", "", urls["img1"]), ref(t, "img2", "gal/2.png", "", urls["img2"]),
	}

	// Batch 1: opens, a check, a tampered link, the owner's own read.
	local, other := client("127.0.0.1"), client("127.0.0.2")
	wantStatus(t, open(t, local, urls["spaced"], ""), 200)
	wantStatus(t, open(t, other, urls["spaced"], hostileAgent), 200)
	curled := curl(t, urls["spaced"])
	wantStatus(t, open(t, local, tamper(urls["spaced"]), ""), 403)
	wantStatus(t, open(t, local, urls["spaced"], "s3share-check/test", "Range", "bytes=0-0"), 206)
	if _, err := w.srv.Client().GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("photos"), Key: aws.String(spaced)}); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, open(t, local, urls["late"], "late-agent"), 403)
	batch1 := w.proxy.Take("photos")

	// Batch 2: the copy opened, then deleted (gone), its URL cut short;
	// the gallery page and its images.
	wantStatus(t, open(t, local, urls["copy"], ""), 200)
	w.deleteKey(t, "s3share-shares/x1/copy.png")
	wantStatus(t, open(t, local, urls["copy"], ""), 404)
	bare, _, _ := strings.Cut(urls["copy"], "?")
	wantStatus(t, open(t, local, bare, ""), 403)
	for _, id := range []string{"gallery", "img1", "img2"} {
		wantStatus(t, open(t, other, urls[id], "browser"), 200)
	}
	batch2 := w.proxy.Take("photos")
	delivered := time.Now()
	w.proxy.Deliver(t, w.srv, batch1, delivered)
	w.proxy.Deliver(t, w.srv, batch1, delivered) // S3 delivers some records twice
	w.proxy.Deliver(t, w.srv, batch2, delivered.Add(time.Second))

	at := accesslog.NewAttributor(links, accesslog.Options{CheckUserAgent: "s3share-check/"})
	reader := accesslog.NewReader(w.b)
	seen := seenSet{}
	req := accesslog.Request{Location: accesslog.Location{Bucket: "logs", Prefix: "access/"},
		Since: now.Add(-2 * time.Hour), Seen: seen.has, Keep: at.Relevant}
	res, err := reader.Read(ctx, req)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(res.Read) != 3 || res.BadLines != 0 || res.Location.Layout != accesslog.LayoutSimple || len(res.Refused) != 0 {
		t.Fatalf("read %d objects (%d bad lines, layout %v, refused %v), want 3, 0, simple, none",
			len(res.Read), res.BadLines, res.Location.Layout, res.Refused)
	}
	if gets := w.proxy.Count("logs", "REST.GET.OBJECT"); gets != 3 || res.Gets != 3 {
		t.Errorf("%d GETs of log objects (reader says %d), want 3", gets, res.Gets)
	}
	seen.add(res.Read)
	hits := at.Attribute(res.Records)
	sum := accesslog.Summarize(hits)

	opens := 2
	if curled {
		opens = 3
	}
	wantOpens(t, sum, "spaced", accesslog.Opens{Opens: opens, IPs: 2, Tampered: 1, Checks: 1})
	wantOpens(t, sum, "late", accesslog.Opens{AfterEnd: 1})
	wantOpens(t, sum, "copy", accesslog.Opens{Opens: 1, IPs: 1, Gone: 1, Denied: 1})
	for _, id := range []string{"gallery", "img1", "img2"} {
		wantOpens(t, sum, id, accesslog.Opens{Opens: 1, IPs: 1})
	}
	if _, ok := sum["never"]; ok {
		t.Errorf("a link nobody opened has %+v", sum["never"])
	}
	if len(hits) != opens+1+1+1+3+3 {
		t.Errorf("%d hits, want each request once: %+v", len(hits), hits)
	}
	last := sum["spaced"].LastUserAgent
	if curled && !strings.HasPrefix(last, "curl/") || !curled && last != hostileAgent {
		t.Errorf("last user agent %q", last)
	}
	if esc := sum["spaced"].Escaped().LastUserAgent; !curled && esc != `Mozilla/5.0 (X11; Linux) "quoted" \u202egnp.exe \xff end` {
		t.Errorf("escaped user agent %q", esc)
	}
	for _, h := range hits {
		if h.Time.Before(now.Add(-time.Minute)) || h.Time.After(time.Now().Add(time.Minute)) {
			t.Errorf("hit at %v, the requests were made at %v", h.Time, now)
		}
		if h.Link == "late" && (h.Status != 403 || h.ErrorCode != "AccessDenied" || h.UserAgent != "late-agent") {
			t.Errorf("late hit %+v", h)
		}
	}
	if res.LogsUpTo.Before(now) || res.LogsUpTo.After(time.Now()) {
		t.Errorf("LogsUpTo %v, the last request was just before %v", res.LogsUpTo, time.Now())
	}

	// Nothing new: one listing, no log object fetched again.
	gets := w.proxy.Count("logs", "REST.GET.OBJECT")
	req.Location = res.Location
	again, err := reader.Read(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.proxy.Count("logs", "REST.GET.OBJECT") - gets; n != 0 || len(again.Read) != 0 || again.Lists != 1 {
		t.Errorf("second read: %d GETs, %d read, %d lists; want 0, 0, 1", n, len(again.Read), again.Lists)
	}

	// A later delivery: only it is read.
	wantStatus(t, open(t, local, urls["never"], ""), 200)
	w.proxy.Deliver(t, w.srv, w.proxy.Take("photos"), time.Now().Add(2*time.Second))
	third, err := reader.Read(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.proxy.Count("logs", "REST.GET.OBJECT") - gets; n != 1 || len(third.Read) != 1 {
		t.Fatalf("third read: %d GETs, %d read; want 1, 1", n, len(third.Read))
	}
	wantOpens(t, accesslog.Summarize(at.Attribute(third.Records)), "never", accesslog.Opens{Opens: 1, IPs: 1})
}

// deleteKey deletes photos/key straight on the server.
func (w *world) deleteKey(t *testing.T, key string) {
	t.Helper()
	if _, err := w.srv.Client().DeleteObject(context.Background(), &s3.DeleteObjectInput{
		Bucket: aws.String("photos"), Key: aws.String(key)}); err != nil {
		t.Fatal(err)
	}
}

// wantStatus fails the test when a request answered another status.
func wantStatus(t *testing.T, got, want int) {
	t.Helper()
	if got != want {
		t.Fatalf("status %d, want %d (%s)", got, want, http.StatusText(want))
	}
}

// wantOpens compares a link's summary, times and user agent aside.
func wantOpens(t *testing.T, sum map[string]accesslog.Opens, id string, want accesslog.Opens) {
	t.Helper()
	got := sum[id]
	if got.Opens > 0 && (got.FirstOpen.IsZero() || got.LastOpen.Before(got.FirstOpen)) {
		t.Errorf("%s: first open %v, last %v", id, got.FirstOpen, got.LastOpen)
	}
	if got.AfterEnd > 0 && got.LastAfterEnd.IsZero() {
		t.Errorf("%s: tried after the end with no time", id)
	}
	got.FirstOpen, got.LastOpen, got.LastAfterEnd, got.LastUserAgent = time.Time{}, time.Time{}, time.Time{}, ""
	if got != want {
		t.Errorf("%s: %+v, want %+v", id, got, want)
	}
}
