package accesslog_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// reader adds a versitygw user that may do nothing on the log bucket but
// what policy allows (nil: nothing), and returns a Browser of it through
// the proxy.
func (w *world) reader(t *testing.T, actions ...string) (*s3browse.Browser, string) {
	t.Helper()
	const access, secret = "AKLOGREADER", "log-reader-secret-0123456789"
	w.srv.CreateUser(t, access, secret, "user")
	if len(actions) > 0 {
		policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
			`"Action":["` + strings.Join(actions, `","`) + `"],"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}`
		if _, err := w.srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
			Bucket: aws.String("logs"), Policy: aws.String(policy)}); err != nil {
			t.Fatalf("bucket policy: %v", err)
		}
	}
	return browserVia(w.srv.WithKeys(access, secret), w.proxy), access
}

// deliverOne logs one open of photos/a.png and delivers it.
func (w *world) deliverOne(t *testing.T) {
	t.Helper()
	w.srv.Put(t, "photos", "a.png", []byte("png"))
	wantStatus(t, open(t, client("127.0.0.1"), w.presign(t, "a.png", time.Now(), time.Hour), ""), 200)
	w.proxy.Deliver(t, w.srv, w.proxy.Take("photos"), time.Now())
}

// wantOneLine fails unless err is one line that says all of want and
// names no command-line flag.
func wantOneLine(t *testing.T, err error, want ...string) {
	t.Helper()
	msg := err.Error()
	if strings.Contains(msg, "\n") || strings.Contains(msg, "--") {
		t.Errorf("%q: want one line without flag names", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%q does not say %q", msg, w)
		}
	}
}

func TestNoAccessToTheLogs(t *testing.T) {
	loc := accesslog.Location{Bucket: "logs", Prefix: "access/", Layout: accesslog.LayoutSimple}
	t.Run("no listing", func(t *testing.T) {
		w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: "access/"}, testsrv.WithIAM())
		w.deliverOne(t)
		b, _ := w.reader(t)
		_, err := accesslog.NewReader(b).Read(context.Background(), accesslog.Request{Location: loc})
		var ae *accesslog.AccessError
		if !errors.As(err, &ae) || !errors.Is(err, s3browse.ErrAccessDenied) || ae.Permission != "s3:ListBucket" {
			t.Fatalf("Read = %v, want an *AccessError for s3:ListBucket", err)
		}
		wantOneLine(t, err, "s3:ListBucket", "s3://logs")
	})
	t.Run("listing but no reading", func(t *testing.T) {
		w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: "access/"}, testsrv.WithIAM())
		w.deliverOne(t)
		b, _ := w.reader(t, "s3:ListBucket")
		res, err := accesslog.NewReader(b).Read(context.Background(), accesslog.Request{Location: loc})
		var ae *accesslog.AccessError
		if !errors.As(err, &ae) || ae.Permission != "s3:GetObject" {
			t.Fatalf("Read = %v, want an *AccessError for s3:GetObject", err)
		}
		wantOneLine(t, err, "s3:GetObject", "s3://logs/access/*")
		if len(res.Read) != 0 {
			t.Errorf("a failed read says it read %v", res.Read)
		}
	})
	t.Run("listing and reading", func(t *testing.T) {
		w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: "access/"}, testsrv.WithIAM())
		w.deliverOne(t)
		b, _ := w.reader(t, "s3:ListBucket", "s3:GetObject")
		res, err := accesslog.NewReader(b).Read(context.Background(), accesslog.Request{Location: loc})
		if err != nil || len(res.Records) != 1 {
			t.Fatalf("Read = %d records, %v; want 1", len(res.Records), err)
		}
	})
}

func TestFindTheLogs(t *testing.T) {
	w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: "access/"}, testsrv.WithIAM())
	ctx := context.Background()
	w.srv.CreateBucket(t, "unlogged")
	w.srv.CreateBucket(t, "partitioned")
	w.proxy.EnableLogging("partitioned", accesslogproxy.Target{Bucket: "logs", Prefix: "p/", Partitioned: true})

	loc, err := accesslog.Find(ctx, w.b, "photos")
	if want := (accesslog.Location{Bucket: "logs", Prefix: "access/", Layout: accesslog.LayoutSimple}); err != nil || loc != want {
		t.Errorf("Find(photos) = %+v, %v; want %+v", loc, err, want)
	}
	loc, err = accesslog.Find(ctx, w.b, "partitioned")
	if want := (accesslog.Location{Bucket: "logs", Prefix: "p/", Layout: accesslog.LayoutPartitioned}); err != nil || loc != want {
		t.Errorf("Find(partitioned) = %+v, %v; want %+v", loc, err, want)
	}

	_, err = accesslog.Find(ctx, w.b, "unlogged")
	var off *accesslog.LoggingDisabledError
	if !errors.As(err, &off) || !errors.Is(err, accesslog.ErrLoggingDisabled) {
		t.Fatalf("Find(unlogged) = %v, want a *LoggingDisabledError", err)
	}
	wantOneLine(t, err, "s3://unlogged", "turn it on", "put-bucket-logging", "hours")

	b, access := w.reader(t)
	w.proxy.DenyLoggingConfig(access)
	_, err = accesslog.Find(ctx, b, "photos")
	var ae *accesslog.AccessError
	if !errors.As(err, &ae) || ae.Permission != "s3:GetBucketLogging" || !errors.Is(err, s3browse.ErrAccessDenied) {
		t.Fatalf("Find by a user without the permission = %v, want an *AccessError for s3:GetBucketLogging", err)
	}
	wantOneLine(t, err, "s3:GetBucketLogging", "s3://photos")

	// versitygw itself does not implement GetBucketLogging.
	_, err = accesslog.Find(ctx, w.srv.Browser(t), "photos")
	if !errors.Is(err, accesslog.ErrLoggingUnknown) {
		t.Fatalf("Find on a server without GetBucketLogging = %v, want ErrLoggingUnknown", err)
	}
	wantOneLine(t, err, "s3://photos", "give the log location")
}

func TestOddLogObjects(t *testing.T) {
	w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: ""}) // logs at the bucket's root
	ctx := context.Background()
	reader := accesslog.NewReader(w.b)
	req := accesslog.Request{Location: accesslog.Location{Bucket: "logs"}}

	// Nothing delivered yet: one listing, nothing read, no error, the
	// layout still unknown.
	res, err := reader.Read(ctx, req)
	if err != nil || len(res.Read) != 0 || res.Lists != 1 || res.Location.Layout != accesslog.LayoutUnknown || !res.LogsUpTo.IsZero() {
		t.Fatalf("empty prefix: %+v, %v", res, err)
	}

	w.deliverOne(t)
	now := time.Now()
	wantStatus(t, open(t, client("127.0.0.1"), w.presign(t, "a.png", now, time.Hour), "gzip reader"), 200)
	lines := strings.Join(w.proxy.Take("photos").Lines, "\n") + "\n"
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write([]byte(lines))
	_ = zw.Close()
	key := func(s string) string { return now.UTC().Format("2006-01-02-15-04-05") + "-" + s }
	w.srv.Put(t, "logs", key("GZIP0000000000000"), zipped.Bytes())
	w.srv.Put(t, "logs", key("GARBAGE000000000"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	w.srv.Put(t, "logs", key("HOSTILE000000000"), []byte("\x1b[2J\x1b]0;pwned\x07 not a record\n"+strings.Repeat("Z", accesslog.MaxLineBytes+10)+"\n"))
	w.srv.Put(t, "logs", "README.txt", []byte("not a log"))

	res, err = reader.Read(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Read) != 4 || res.Location.Layout != accesslog.LayoutSimple {
		t.Fatalf("read %v (layout %v), want the 4 log objects and not the README", res.Read, res.Location.Layout)
	}
	if len(res.Refused) != 1 || !errors.Is(res.Refused[0], accesslog.ErrNotLog) || !strings.Contains(res.Refused[0].Error(), "GARBAGE") {
		t.Errorf("refused %v, want the garbage object as not a log", res.Refused)
	}
	if len(res.Records) != 2 || res.BadLines != 2 {
		t.Errorf("%d records, %d bad lines; want 2 (one from the gzip object), 2", len(res.Records), res.BadLines)
	}
	gz := false
	for _, r := range res.Records {
		gz = gz || r.UserAgent == "gzip reader"
	}
	if !gz {
		t.Error("the gzip object's record was not read")
	}
	seen := seenSet{}
	seen.add(res.Read)
	req.Seen, req.Location = seen.has, res.Location
	again, err := reader.Read(ctx, req)
	if err != nil || len(again.Read) != 0 || again.Gets != 0 {
		t.Errorf("second read: %v read, %d gets, %v; want none", again.Read, again.Gets, err)
	}
}

// TestPartitionedLayout reads logs delivered under the date-partitioned
// layout: the first read finds the layout and the account, a read with
// them (and the source bucket) is one listing.
func TestPartitionedLayout(t *testing.T) {
	w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: "part/", Partitioned: true})
	ctx := context.Background()
	w.deliverOne(t)
	w.srv.Put(t, "logs", "part/README", []byte("not a log"))
	reader := accesslog.NewReader(w.b)
	req := accesslog.Request{Location: accesslog.Location{Bucket: "logs", Prefix: "part/"}, Since: time.Now().Add(-time.Hour)}
	res, err := reader.Read(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	want := accesslog.Location{Bucket: "logs", Prefix: "part/", Layout: accesslog.LayoutPartitioned, Account: w.proxy.Account}
	if res.Location != want || len(res.Records) != 1 || len(res.Read) != 1 ||
		!strings.HasPrefix(res.Read[0], "part/"+w.proxy.Account+"/"+w.proxy.Region+"/photos/") {
		t.Fatalf("read %v (%d records) at %+v, want one object under %+v", res.Read, len(res.Records), res.Location, want)
	}
	seen := seenSet{}
	seen.add(res.Read)
	w.deliverOne(t)
	req.Location, req.Seen = res.Location, seen.has
	req.Sources = []accesslog.Source{{Bucket: "photos", Region: w.srv.Region}}
	again, err := reader.Read(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if again.Lists != 1 || len(again.Read) != 1 || len(again.Records) != 1 {
		t.Errorf("second read: %d lists, read %v; want 1 list and the new object", again.Lists, again.Read)
	}
}
