package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// saysOneLine fails unless r exited with code and said every want in one line
// on stderr.
func saysOneLine(t *testing.T, name string, r result, code int, want ...string) {
	t.Helper()
	line := strings.TrimSuffix(r.stderr, "\n")
	t.Logf("%s: %s", name, line)
	if r.code != code || strings.Contains(line, "\n") {
		t.Errorf("%s: exit %d, stderr %q; want exit %d and one line", name, r.code, r.stderr, code)
	}
	for _, w := range want {
		if !strings.Contains(line, w) {
			t.Errorf("%s: %q does not say %q", name, line, w)
		}
	}
}

// TestOpensBadInput: logging off says how to turn it on and how late logs
// come; a server that does not say where logs go asks for access_logs; no
// permission on the log bucket names the one missing; an unknown id is
// named. Each is one line, exit 1.
func TestOpensBadInput(t *testing.T) {
	t.Run("logging off", func(t *testing.T) {
		w := newLogged(t)
		w.srv.CreateBucket(t, "dark")
		w.srv.Put(t, "dark", "a.png", []byte("a"))
		w.presign(t, "s3://dark/a.png")
		saysOneLine(t, "logging off", w.run(t, "opens"), exitFailed, "s3://dark: server access logging is off",
			"put-bucket-logging", "within about an hour", "within a few hours")
	})
	t.Run("the server does not say", func(t *testing.T) {
		srv := testsrv.Versity(t) // GetBucketLogging is not implemented
		srv.CreateBucket(t, "photos")
		srv.Put(t, "photos", "a.png", []byte("a"))
		history := t.TempDir() + "/history.db"
		if r := runCLI(t, srv, history, "presign", "s3://photos/a.png"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		saysOneLine(t, "GetBucketLogging unsupported", runCLI(t, srv, history, "opens"), exitFailed,
			"does not tell where access logs go", `access_logs = "s3://LOG-BUCKET/PREFIX/"`, "S3SHARE_ACCESS_LOGS", "--access-logs")
	})
	t.Run("no access to the log bucket", func(t *testing.T) {
		w := newLogged(t, testsrv.WithIAM())
		const access, secret = "AKNOLOGS", "no-logs-secret-0123456789"
		w.srv.CreateUser(t, access, secret, "user")
		policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
			`"Action":["s3:*"],"Resource":["arn:aws:s3:::photos","arn:aws:s3:::photos/*"]}]}`
		if _, err := w.srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
			Bucket: aws.String("photos"), Policy: aws.String(policy)}); err != nil {
			t.Fatal(err)
		}
		w.srv.Put(t, "photos", "a.png", []byte("a"))
		user := w.srv.WithKeys(access, secret)
		as := func(args ...string) result {
			return runCLIEnv(t, nil, w.history, user.Env(), append([]string{"--endpoint-url", w.proxy.URL, "--path-style"}, args...)...)
		}
		if r := as("presign", "s3://photos/a.png"); r.code != 0 {
			t.Fatalf("presign as the user: %s", r.stderr)
		}
		saysOneLine(t, "no listing", as("opens"), exitFailed, "needs s3:ListBucket on s3://logs")
	})
	t.Run("a log object that is not a log", func(t *testing.T) {
		w := newLogged(t)
		w.srv.Put(t, "photos", "a.png", []byte("a"))
		_, urls := w.presign(t, "s3://photos/a.png")
		if testsrv.OpenFrom(t, "127.0.0.1", urls[0], "agent") != 200 {
			t.Fatal("the link does not open")
		}
		w.srv.Put(t, "logs", w.proxy.Key(accesslogproxy.Target{Bucket: "logs", Prefix: "access/"}, "photos", time.Now()),
			[]byte("\x1f\x8b\x08 not really gzip"))
		w.deliver(t, 1)
		r := w.run(t, "--access-logs", "s3://logs/access/", "opens", "--json")
		rows := jsonLines(t, r.stdout)
		if r.code != 0 || !strings.Contains(r.stderr, "not a server access log: ") || !strings.Contains(r.stderr, "(skipped)") || !strings.Contains(r.stderr, "Read 2 new log objects") ||
			len(rows) != 1 || counts(rows[0])["opens"] != 1 {
			t.Errorf("a garbage log object beside a good one: exit %d, %s%s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		w := newLogged(t)
		saysOneLine(t, "unknown id", w.run(t, "opens", "42"), exitFailed, "no link with id 42")
	})
}
