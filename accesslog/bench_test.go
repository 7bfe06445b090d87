package accesslog_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/accesslogproxy"
)

// benchObjects is how many log objects the reader benchmarks hold.
const benchObjects = 1000

// seededLogs is versitygw behind the logging proxy with benchObjects log
// objects of 20 records each written straight into s3://logs/access/, a
// minute apart, the newest now.
func seededLogs(b *testing.B) (*world, time.Time) {
	b.Helper()
	w := newWorld(b, accesslogproxy.Target{Bucket: "logs", Prefix: "access/"})
	w.srv.Put(b, "photos", "a.png", []byte("png"))
	if status := open(b, client("127.0.0.1"), w.presign(b, "a.png", time.Now(), time.Hour), ""); status != 200 {
		b.Fatalf("status %d", status)
	}
	line := w.proxy.Take("photos").Lines[0]
	body := strings.Repeat(line+"\n", 20)
	dir := filepath.Join(w.srv.Dir, "logs", "access")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	newest := time.Now().UTC()
	for i := range benchObjects {
		at := newest.Add(-time.Duration(benchObjects-i) * time.Minute)
		name := fmt.Sprintf("%s-%016X", at.Format("2006-01-02-15-04-05"), i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return w, newest.Add(-benchObjects * time.Minute)
}

// BenchmarkReadNothingNew is a read of a prefix of 1,000 log objects that
// were all read before: its LIST and GET requests per run (the target is
// one LIST per log prefix, no GET) and its time.
func BenchmarkReadNothingNew(b *testing.B) {
	w, since := seededLogs(b)
	reader := accesslog.NewReader(w.b)
	req := accesslog.Request{Location: accesslog.Location{Bucket: "logs", Prefix: "access/", Layout: accesslog.LayoutSimple}, Since: since}
	first, err := reader.Read(context.Background(), req)
	if err != nil || len(first.Read) != benchObjects {
		b.Fatalf("first read: %d objects, %v", len(first.Read), err)
	}
	seen := seenSet{}
	seen.add(first.Read)
	req.Seen = seen.has
	lists, gets := 0, 0
	for b.Loop() {
		listsBefore, getsBefore := w.proxy.Count("logs", "REST.GET.BUCKET"), w.proxy.Count("logs", "REST.GET.OBJECT")
		res, err := reader.Read(context.Background(), req)
		if err != nil || len(res.Read) != 0 {
			b.Fatalf("read %d objects, %v", len(res.Read), err)
		}
		lists += w.proxy.Count("logs", "REST.GET.BUCKET") - listsBefore
		gets += w.proxy.Count("logs", "REST.GET.OBJECT") - getsBefore
	}
	b.ReportMetric(float64(lists)/float64(b.N), "lists/op")
	b.ReportMetric(float64(gets)/float64(b.N), "gets/op")
}

// BenchmarkReadFirst1000 is a first read of 1,000 log objects of 20
// records each (fetched 8 at a time) with attribution of every record.
func BenchmarkReadFirst1000(b *testing.B) {
	w, since := seededLogs(b)
	reader := accesslog.NewReader(w.b)
	req := accesslog.Request{Location: accesslog.Location{Bucket: "logs", Prefix: "access/", Layout: accesslog.LayoutSimple}, Since: since}
	records := 0
	for b.Loop() {
		res, err := reader.Read(context.Background(), req)
		if err != nil || len(res.Read) != benchObjects {
			b.Fatalf("read %d objects, %v", len(res.Read), err)
		}
		records += len(res.Records)
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
