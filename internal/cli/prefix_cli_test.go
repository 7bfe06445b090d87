package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
)

// oneLine fails unless stderr is one line and stdout is empty.
func oneLine(t *testing.T, r result) string {
	t.Helper()
	msg := strings.TrimSpace(r.stderr)
	if r.stdout != "" || msg == "" || strings.Contains(msg, "\n") {
		t.Errorf("want one line on stderr and nothing on stdout, got %q / %q", r.stderr, r.stdout)
	}
	return msg
}

// TestSharePrefixFlagIsChecked: --share-prefix gets the checks the
// config file and S3SHARE_SHARE_PREFIX get: a dot segment or a control
// character is a usage error (exit 2) in one line, and no copy is made.
func TestSharePrefixFlagIsChecked(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.jpg", []byte("a"))
	history := filepath.Join(t.TempDir(), "history.db")
	for prefix, says := range map[string]string{
		"../x": `".."`, "a/./b": `"."`, "./": `"."`, "x/..": `".."`, "a\x1b[2Jb/": "control", "a\rb": "control",
	} {
		r := runCLI(t, srv, history, "--share-prefix", prefix, "presign", "--revocable", "s3://photos/a.jpg")
		msg := oneLine(t, r)
		if r.code != 2 || !strings.Contains(msg, "--share-prefix") || !strings.Contains(msg, says) ||
			!strings.Contains(msg, "use a folder of the bucket") || strings.ContainsAny(msg, "\x1b\r") {
			t.Errorf("--share-prefix %q: exit %d, %q; want exit 2 naming the flag and saying %s, escaped", prefix, r.code, msg, says)
		}
	}
	if keys := allKeys(t, srv, "photos"); len(keys) != 1 {
		t.Errorf("the bucket holds %v after the refusals, want only a.jpg", keys)
	}
	if r := runCLI(t, srv, history, "--share-prefix", "ok..fine/.x/", "presign", "--revocable", "s3://photos/a.jpg"); r.code != 0 {
		t.Errorf("a prefix with dots inside its segments: exit %d, %s", r.code, r.stderr)
	}
}

// allKeys lists every key of bucket.
func allKeys(t *testing.T, srv *testsrv.Server, bucket string) []string {
	t.Helper()
	out, err := srv.Client().ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}
