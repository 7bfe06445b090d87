package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/faultproxy"
)

// The find benchmark's buckets (issue 12) and the round trip the proxy adds.
const (
	findFolders   = 1000
	findPerFolder = 100
	findFlat      = 20_000
	findRoundTrip = 20 * time.Millisecond
)

// FindResults are the whole-process find figures: `s3share find --all`
// against `aws s3 ls --recursive`, on versitygw behind internal/faultproxy
// adding findRoundTrip to every request.
type FindResults struct {
	Folders     int     `json:"folders"`
	PerFolder   int     `json:"per_folder"`
	FlatKeys    int     `json:"flat_keys"`
	RoundTripMS float64 `json:"round_trip_ms"`

	NestedS3share Stats `json:"nested_s3share"`
	NestedAWS     Stats `json:"nested_aws"`
	FlatS3share   Stats `json:"flat_s3share"`
	FlatAWS       Stats `json:"flat_aws"`
}

// measureFind seeds both buckets on a server of their own, checks that
// each command reports every key exactly once, then times them.
func measureFind(o options, tmp string, res *Results) error {
	srv, stop, err := startFastVersity(o, "find")
	if err != nil {
		return err
	}
	defer stop()
	want := map[string]map[string]bool{"nested": nestedKeys(), "flat": flatKeys()}
	for bucket, keys := range want {
		if err := srv.seedKeys(bucket, keys); err != nil {
			return err
		}
	}
	p := faultproxy.Start(srv.endpoint)
	defer p.Close()
	p.SetDelay(findRoundTrip)
	p.Always(faultproxy.Latency)
	fr := &FindResults{Folders: findFolders, PerFolder: findPerFolder, FlatKeys: findFlat, RoundTripMS: ms(findRoundTrip)}
	res.Find = fr
	env := srv.env(filepath.Join(tmp, "home"))
	s3share := func(bucket string, args ...string) []string {
		return append([]string{o.bin, "--endpoint-url", p.URL, "--path-style", "find", "--all", "s3://" + bucket + "/"}, args...)
	}
	awsLs := func(bucket string) []string {
		return []string{o.aws, "s3", "ls", "--recursive", "s3://" + bucket + "/", "--endpoint-url", p.URL}
	}
	haveAWS := true
	if _, err := exec.LookPath(o.aws); err != nil {
		haveAWS = false
		res.Skipped = append(res.Skipped, "find vs aws s3 ls --recursive: no "+o.aws+" (apt-get install awscli)")
	}
	for _, b := range []struct {
		name      string
		ours, aws *Stats
	}{{"nested", &fr.NestedS3share, &fr.NestedAWS}, {"flat", &fr.FlatS3share, &fr.FlatAWS}} {
		if err := checkKeys(env, s3share(b.name, "--json"), want[b.name], jsonKey); err != nil {
			return fmt.Errorf("s3share find %s: %w", b.name, err)
		}
		cmds := []timed{{b.ours, o.findRuns, s3share(b.name)}}
		if haveAWS {
			if err := checkKeys(env, awsLs(b.name), want[b.name], awsKey); err != nil {
				return fmt.Errorf("aws s3 ls --recursive %s: %w", b.name, err)
			}
			cmds = append(cmds, timed{b.aws, o.findRuns, awsLs(b.name)})
		}
		if err := timeInterleaved(env, cmds); err != nil {
			return err
		}
	}
	return nil
}

// startFastVersity starts versitygw over a fresh directory of its own on
// fastTemp; stop stops it and removes the directory.
func startFastVersity(o options, name string) (*versity, func(), error) {
	dir, err := os.MkdirTemp(fastTemp(), "s3share-bench-"+name+"-")
	if err != nil {
		return nil, nil, err
	}
	srv, err := startVersity(o.versitygw, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return srv, func() { srv.stop(); os.RemoveAll(dir) }, nil
}

// fastTemp is a tmpfs when there is one: creating 120,000 files there
// takes a second rather than a minute.
func fastTemp() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		return "/dev/shm"
	}
	return ""
}

// nestedKeys are 100 images in each of 1,000 folders.
func nestedKeys() map[string]bool {
	keys := make(map[string]bool, findFolders*findPerFolder)
	for f := range findFolders {
		for i := range findPerFolder {
			keys[fmt.Sprintf("folder-%04d/img-%03d.jpg", f, i)] = true
		}
	}
	return keys
}

// flatKeys are 20,000 images and no folder.
func flatKeys() map[string]bool {
	keys := make(map[string]bool, findFlat)
	for i := range findFlat {
		keys[imageKey(i)] = true
	}
	return keys
}

// seedKeys creates bucket and writes its keys as empty files straight into
// the server's directory.
func (v *versity) seedKeys(bucket string, keys map[string]bool) error {
	client := s3.NewFromConfig(aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
	}, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(v.endpoint)
		o.UsePathStyle = true
	})
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucket, err)
	}
	for k := range keys {
		path := filepath.Join(v.dir, bucket, k)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// checkKeys runs argv once and checks that its output names every key of
// want exactly once and nothing else; key extracts the key from a line.
func checkKeys(env, argv []string, want map[string]bool, key func(string) (string, error)) error {
	_, out, err := runOnce(env, argv)
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(want))
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		k, err := key(sc.Text())
		if err != nil {
			return err
		}
		if seen[k] || !want[k] {
			return fmt.Errorf("key %q listed twice or not in the bucket", k)
		}
		seen[k] = true
	}
	if len(seen) != len(want) {
		return fmt.Errorf("listed %d keys of %d", len(seen), len(want))
	}
	return nil
}

// jsonKey is the key of an `s3share find --json` line.
func jsonKey(line string) (string, error) {
	var row struct{ Key string }
	err := json.Unmarshal([]byte(line), &row)
	return row.Key, err
}

// awsKey is the key of an `aws s3 ls --recursive` line: date, time, size,
// key (the seeded keys hold no spaces).
func awsKey(line string) (string, error) {
	f := strings.Fields(line)
	if len(f) != 4 {
		return "", fmt.Errorf("unexpected aws s3 ls line %q", line)
	}
	return f[3], nil
}

// ms converts d to fractional milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// printFind writes the find figures and their ratios.
func printFind(w *os.File, f *FindResults) {
	if f == nil {
		return
	}
	row := func(name string, s Stats) {
		if s.N > 0 {
			fmt.Fprintf(w, "%-44s %10.2f %10.2f %10.2f %4d\n", name, s.Median, s.Min, s.Max, s.N)
		}
	}
	row("s3share find --all (1,000 folders, 100k)", f.NestedS3share)
	row("aws s3 ls --recursive (1,000 folders, 100k)", f.NestedAWS)
	row("s3share find --all (flat, 20k)", f.FlatS3share)
	row("aws s3 ls --recursive (flat, 20k)", f.FlatAWS)
	if f.NestedAWS.N > 0 && f.NestedS3share.N > 0 {
		fmt.Fprintf(w, "%-44s %10.1fx\n", "aws s3 ls --recursive / s3share find, nested", f.NestedAWS.Median/f.NestedS3share.Median)
	}
}
