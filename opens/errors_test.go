package opens_test

import (
	"context"
	"errors"
	"testing"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/s3browse"
)

// TestWhereTheLogsAreNot: each way of not finding the logs is its own
// error, and the ones the access_logs setting fixes say so; nothing is
// recorded as read.
func TestWhereTheLogsAreNot(t *testing.T) {
	ctx := context.Background()
	t.Run("logging off", func(t *testing.T) {
		w := newWorld(t)
		w.srv.CreateBucket(t, "dark")
		w.shareVia(t, w.b, "dark", "a.png")
		if _, err := opens.NewReader(w.b, w.h, opens.Options{}).Read(ctx); !errors.As(err, new(*accesslog.LoggingDisabledError)) {
			t.Fatalf("Read = %v, want logging is off", err)
		}
	})
	t.Run("no permission to ask", func(t *testing.T) {
		w := newWorld(t)
		w.share(t, false, "a.png")
		w.proxy.DenyLoggingConfig(w.srv.AccessKey)
		_, err := opens.NewReader(w.b, w.h, opens.Options{}).Read(ctx)
		var ae *accesslog.AccessError
		if s, _ := hint.Of(err); !errors.As(err, &ae) || ae.Permission != "s3:GetBucketLogging" || s != hint.AccessLogs {
			t.Fatalf("Read = %v, want an AccessError for s3:GetBucketLogging fixed by the setting", err)
		}
	})
	t.Run("the server does not say", func(t *testing.T) {
		w := newWorld(t)
		direct := w.srv.Browser(t) // versitygw itself: GetBucketLogging is not implemented
		w.shareVia(t, direct, "photos", "a.png")
		_, err := opens.NewReader(direct, w.h, opens.Options{}).Read(ctx)
		if s, _ := hint.Of(err); !errors.Is(err, accesslog.ErrLoggingUnknown) || s != hint.AccessLogs {
			t.Fatalf("Read = %v, want ErrLoggingUnknown fixed by the setting", err)
		}
		if seen, _ := w.h.SeenLogObjects(ctx, w.srv.Endpoint, "s3://logs/access/"); len(seen) != 0 {
			t.Errorf("a failed read recorded %v", seen)
		}
	})
	t.Run("links issued elsewhere", func(t *testing.T) {
		w := newWorld(t)
		w.share(t, false, "a.png")
		direct := w.srv.Browser(t)
		_, err := opens.NewReader(direct, w.h, opens.Options{}).Read(ctx)
		if s, _ := hint.Of(err); !errors.Is(err, opens.ErrNoLinksHere) || s != hint.Endpoint {
			t.Fatalf("Read = %v, want ErrNoLinksHere fixed by the endpoint", err)
		}
	})
	t.Run("no access to the log bucket", func(t *testing.T) {
		w := newWorld(t, testsrv.WithIAM())
		const access, secret = "AKNOLOGS", "no-logs-secret-0123456789"
		w.srv.CreateUser(t, access, secret, "user")
		w.share(t, false, "a.png")
		b := s3browse.NewFromConfig(w.srv.WithKeys(access, secret).Config(), s3browse.Options{EndpointURL: w.proxy.URL, Region: w.srv.Region, PathStyle: true})
		_, err := opens.NewReader(b, w.h, opens.Options{Location: "s3://logs/access/"}).Read(ctx)
		var ae *accesslog.AccessError
		if !errors.As(err, &ae) || ae.Permission != "s3:ListBucket" {
			t.Fatalf("Read = %v, want an AccessError for s3:ListBucket", err)
		}
	})
}

// TestNothingToReadFor: with no link that could still be opened or tried,
// nothing is listed.
func TestNothingToReadFor(t *testing.T) {
	w := newWorld(t)
	res, err := opens.NewReader(w.b, w.h, opens.Options{Location: "s3://logs/access/"}).Read(context.Background())
	if err != nil || res.Links != 0 || res.Lists != 0 || !res.LogsUpTo.IsZero() {
		t.Errorf("an empty history: %+v, %v; want nothing read", res, err)
	}
}
