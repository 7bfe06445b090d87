package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// TestInterruptDuringRevocableCopies: ctrl+c while copies are on the
// server (which finishes each one even once the client has gone) exits
// 130 and leaves no copy behind: the copies in flight are waited for, then
// deleted.
func TestInterruptDuringRevocableCopies(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	locs := locations("sigint", 20)
	seedLocations(t, srv, locs)
	px := faultproxy.New(t, srv.Endpoint)
	px.Only(faultproxy.IsCopy)
	px.SetDelay(300 * time.Millisecond)
	px.Always(faultproxy.Detached)
	args := append([]string{"--history", filepath.Join(t.TempDir(), "history.db"), "--endpoint-url", px.URL, "--path-style",
		"presign", "--revocable"}, locs...)
	cmd := exec.Command(binary, args...)
	cmd.Env = append(append(os.Environ(), "HOME="+t.TempDir(), "S3SHARE_HISTORY=", "S3SHARE_CONFIG=/dev/null"), srv.Env()...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(20 * time.Second); px.Applied(faultproxy.Detached) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			cmd.Process.Kill()
			t.Fatalf("no copy reached the server: %s", stderr.String())
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	exit, _ := err.(*exec.ExitError)
	if exit == nil || exit.ExitCode() != exitInterrupted || stdout.Len() != 0 || !strings.Contains(stderr.String(), "interrupted") {
		t.Fatalf("ctrl+c during the copies: %v, stdout %q, stderr %q; want exit 130, nothing printed", err, stdout.String(), stderr.String())
	}
	px.Close() // waits until the server has finished every copy it was given
	if keys := shareCopies(t, srv); len(keys) != 0 {
		t.Errorf("%d copies of %d sent are left after ctrl+c: %v", len(keys), px.Applied(faultproxy.Detached), keys)
	}
}

// TestRevocableDeniedSaysWhatACopyNeeds: a user who may only read is told,
// when a revocable copy is refused, what a copy needs and to share without
// --revocable (which works), in one line, exit 1.
func TestRevocableDeniedSaysWhatACopyNeeds(t *testing.T) {
	srv := testsrv.Versity(t, testsrv.WithIAM())
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.jpg", []byte("jpg"))
	const access, secret = "AKREADONLY", "read-only-user-secret-0123456789"
	srv.CreateUser(t, access, secret, "user")
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
		`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::photos","arn:aws:s3:::photos/*"]}]}`
	if _, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String("photos"), Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	reader := srv.WithKeys(access, secret)
	history := filepath.Join(t.TempDir(), "history.db")
	r := runCLI(t, reader, history, "presign", "--revocable", "s3://photos/a.jpg")
	msg := oneLine(t, r)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	for _, want := range []string{"s3:GetObject", "s3://photos/a.jpg", "s3:PutObject on s3://photos/s3share-shares/*", "without --revocable"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "ListBucket") {
		t.Errorf("%q points at s3:ListBucket, which the copy does not need", msg)
	}
	if r := runCLI(t, reader, history, "presign", "s3://photos/a.jpg"); r.code != 0 {
		t.Errorf("without --revocable: exit %d, %s", r.code, r.stderr)
	}
}

// TestPresignCopyWithoutAnyClipboard: presign --copy with no system
// clipboard and no terminal (output to pipes, as in a script) prints and
// records the links, says on stderr that nothing was copied, and exits 0:
// the links were issued.
func TestPresignCopyWithoutAnyClipboard(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.jpg", []byte("jpg"))
	history := filepath.Join(t.TempDir(), "history.db")
	r := runCLIEnv(t, srv, history, []string{"DISPLAY=", "WAYLAND_DISPLAY="}, "presign", "--copy", "s3://photos/a.jpg")
	msg := strings.TrimSpace(r.stderr)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || strings.Contains(msg, "\n") ||
		!strings.HasPrefix(msg, "s3share: warning: nothing was copied") || strings.Contains(msg, "\x1b]52") {
		t.Fatalf("presign --copy with no clipboard: exit %d, stdout %q, stderr %q; want exit 0, the link, one warning", r.code, r.stdout, r.stderr)
	}
	if recorded := historyList(t, history); len(recorded) != 1 || recorded[0] != strings.TrimSpace(r.stdout) {
		t.Errorf("recorded %v, want the printed link", recorded)
	}
}
