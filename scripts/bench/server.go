package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The local server's bucket and keys.
const (
	benchBucket = "photos"
	accessKey   = "AKBENCHS3SHARE"
	secretKey   = "bench-secret-s3share-0123456789"
	region      = "us-east-1"
)

// versity is a running versitygw.
type versity struct {
	endpoint string
	dir      string
	cmd      *exec.Cmd
	out      bytes.Buffer
}

// startVersity starts versitygw on a free port over dir and waits until it
// listens.
func startVersity(bin, dir string) (*versity, error) {
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("no versitygw at %s: run `make tools`", bin)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	v := &versity{endpoint: "http://" + addr, dir: dir}
	v.cmd = exec.Command(bin, "--port", addr, "--access", accessKey, "--secret", secretKey,
		"--region", region, "posix", dir)
	v.cmd.Stdout, v.cmd.Stderr = &v.out, &v.out
	if err := v.cmd.Start(); err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return v, nil
		}
	}
	v.stop()
	return nil, fmt.Errorf("versitygw did not listen on %s: %s", addr, v.out.String())
}

// stop kills the server it started.
func (v *versity) stop() {
	_ = v.cmd.Process.Kill()
	_ = v.cmd.Wait()
}

// env gives a child process the server's credentials and keeps it away from
// the user's AWS files and from instance metadata.
func (v *versity) env(home string) []string {
	env := noCredentialsEnv(home)
	return append(env, "AWS_ACCESS_KEY_ID="+accessKey, "AWS_SECRET_ACCESS_KEY="+secretKey,
		"AWS_REGION="+region, "AWS_DEFAULT_REGION="+region, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=")
}

// seed creates bucket with n zero-byte images written into its directory.
func (v *versity) seed(bucket string, n int) error {
	client := s3.NewFromConfig(aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
	}, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(v.endpoint)
		o.UsePathStyle = true
	})
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		return fmt.Errorf("create bucket: %w", err)
	}
	for i := range n {
		if err := os.WriteFile(filepath.Join(v.dir, bucket, imageKey(i)), nil, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// imageKey is the key of seeded image i.
func imageKey(i int) string { return fmt.Sprintf("img-%05d.jpg", i) }
