package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The access-log benchmark (issue 20): a log prefix of opensObjects log
// objects of opensRecords records each, one of them a request through a
// link in the history.
const (
	opensObjects = 1000
	opensRecords = 20
	logBucket    = "logs"
	logPrefix    = "access/"
)

// OpensResults are the whole-process `s3share opens` figures: a first read
// of the whole log prefix (a fresh copy of a history that has read none
// of it, each run) and a run with nothing new (the history that read it
// all), with the requests each run sent.
type OpensResults struct {
	LogObjects int `json:"log_objects"`
	Records    int `json:"records_per_object"`

	FirstRead       Stats   `json:"first_read"`
	FirstReadLists  float64 `json:"first_read_lists"` // LIST requests per run
	FirstReadGets   float64 `json:"first_read_gets"`  // GET object requests per run
	FirstReadOther  float64 `json:"first_read_other"` // any other request per run
	NothingNew      Stats   `json:"nothing_new"`
	NothingNewLists float64 `json:"nothing_new_lists"`
	NothingNewGets  float64 `json:"nothing_new_gets"`
	NothingNewOther float64 `json:"nothing_new_other"`
}

// measureOpens seeds the log prefix on a server of its own behind a
// counting proxy, issues one link with s3share, and times s3share opens.
func measureOpens(o options, tmp string, res *Results) error {
	srv, stop, err := startFastVersity(o, "opens")
	if err != nil {
		return err
	}
	defer stop()
	p := startCounter(srv.endpoint)
	defer p.close()
	env := srv.env(filepath.Join(tmp, "home-opens"))
	pristine := filepath.Join(tmp, "opens-history.db")
	s3share := func(history string, args ...string) []string {
		return append([]string{o.bin, "--history", history, "--endpoint-url", p.url, "--path-style",
			"--access-logs", "s3://" + logBucket + "/" + logPrefix}, args...)
	}
	signed, err := srv.seedLogs(env, s3share(pristine, "presign", "--json", "s3://"+benchBucket+"/a.png"))
	if err != nil {
		return err
	}
	or := &OpensResults{LogObjects: opensObjects, Records: opensRecords}
	res.Opens = or
	firstRuns := max(o.runs/4, 3)
	var firsts []time.Duration
	work := filepath.Join(tmp, "opens-run.db")
	for i := range firstRuns + 1 { // the first is a warm-up
		if err := copyFile(pristine, work); err != nil {
			return err
		}
		d, lists, gets, other, err := p.run(env, s3share(work, "opens", "--json"), signed)
		if err != nil {
			return err
		}
		if i > 0 {
			firsts = append(firsts, d)
			or.FirstReadLists, or.FirstReadGets, or.FirstReadOther = lists, gets, other
		}
	}
	or.FirstRead = statsOf(firsts)
	var again []time.Duration
	for range o.runs {
		d, lists, gets, other, err := p.run(env, s3share(work, "opens", "--json"), "")
		if err != nil {
			return err
		}
		again = append(again, d)
		or.NothingNewLists, or.NothingNewGets, or.NothingNewOther = max(or.NothingNewLists, lists),
			max(or.NothingNewGets, gets), max(or.NothingNewOther, other)
	}
	or.NothingNew = statsOf(again)
	return nil
}

// seedLogs makes the buckets, runs presign (argv) for photos/a.png and
// writes the log objects straight into the server's directory, named a
// second apart from the link's signing time: each holds one GET through
// the link (its own request id) and other requests signed in headers. It
// returns the link's URL.
func (v *versity) seedLogs(env, presign []string) (string, error) {
	client := s3.NewFromConfig(aws.Config{Region: region,
		Credentials: credentials.NewStaticCredentialsProvider(accessKey, secretKey, "")}, func(o *s3.Options) {
		o.BaseEndpoint, o.UsePathStyle = aws.String(v.endpoint), true
	})
	for _, b := range []string{benchBucket, logBucket} {
		if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			return "", fmt.Errorf("create bucket %s: %w", b, err)
		}
	}
	if err := os.WriteFile(filepath.Join(v.dir, benchBucket, "a.png"), []byte("png"), 0o644); err != nil {
		return "", err
	}
	_, out, err := runOnce(env, presign)
	if err != nil {
		return "", err
	}
	var link struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(out), &link); err != nil {
		return "", fmt.Errorf("presign --json: %w: %q", err, out)
	}
	u, err := url.Parse(link.URL)
	if err != nil {
		return "", err
	}
	signedAt, err := time.Parse("20060102T150405Z", u.Query().Get("X-Amz-Date"))
	if err != nil {
		return "", fmt.Errorf("the link has no X-Amz-Date: %s", u.Redacted())
	}
	logs := filepath.Join(v.dir, logBucket, logPrefix)
	if err := os.MkdirAll(logs, 0o755); err != nil {
		return "", err
	}
	for i := range opensObjects {
		at := signedAt.Add(time.Duration(i+1) * time.Second)
		var b strings.Builder
		for j := range opensRecords {
			if j == 0 {
				b.WriteString(logLine(at, fmt.Sprintf("L%07d", i), "a.png", u.RequestURI(), "QueryString"))
			} else {
				b.WriteString(logLine(at, fmt.Sprintf("O%07d%02d", i, j), fmt.Sprintf("other/%d.jpg", j), fmt.Sprintf("/%s/other/%d.jpg", benchBucket, j), "AuthHeader"))
			}
		}
		name := fmt.Sprintf("%s-%016X", at.UTC().Format("2006-01-02-15-04-05"), i)
		if err := os.WriteFile(filepath.Join(logs, name), []byte(b.String()), 0o644); err != nil {
			return "", err
		}
	}
	return link.URL, nil
}

// logLine is one record of AWS's server access log format: a 200 GET of
// key in the photos bucket at at.
func logLine(at time.Time, requestID, key, requestURI, auth string) string {
	owner := fmt.Sprintf("%x", sha256.Sum256([]byte("bench owner")))
	return fmt.Sprintf(`%s %s [%s] 192.0.2.10 - %s REST.GET.OBJECT %s "GET %s HTTP/1.1" 200 - 3 3 4 3 "-" "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0" - hostid= SigV4 - %s 127.0.0.1 - - -`+"\n",
		owner, benchBucket, at.UTC().Format("02/Jan/2006:15:04:05 -0700"), requestID, url.PathEscape(key), requestURI, auth)
}

// copyFile copies a history file (written by a process that has ended,
// so it is whole without its -wal file).
func copyFile(from, to string) error {
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(to + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}

// counter is a reverse proxy that counts the requests it forwards: LISTs
// (a GET of a bucket), GETs of objects, and the rest.
type counter struct {
	url                string
	srv                *httptest.Server
	lists, gets, other atomic.Int64
}

// startCounter starts a counting proxy in front of upstream.
func startCounter(upstream string) *counter {
	target, _ := url.Parse(upstream) // startVersity made it
	c := &counter{}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host // the signature covers the proxy's host
		r.Out.URL.Path, r.Out.URL.RawPath = r.In.URL.Path, r.In.URL.RawPath
	}}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.Trim(r.URL.Path, "/")
		switch {
		case r.Method == http.MethodGet && path != "" && !strings.Contains(path, "/"):
			c.lists.Add(1)
		case r.Method == http.MethodGet && strings.Contains(path, "/"):
			c.gets.Add(1)
		default:
			c.other.Add(1)
		}
		rp.ServeHTTP(w, r)
	}))
	c.url = c.srv.URL
	return c
}

func (c *counter) close() { c.srv.Close() }

// run runs argv and returns its wall time and the requests it sent; with
// want set, its output must report one open of that link per log object.
func (c *counter) run(env, argv []string, want string) (time.Duration, float64, float64, float64, error) {
	l, g, o := c.lists.Load(), c.gets.Load(), c.other.Load()
	d, out, err := runOnce(env, argv)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	if want != "" {
		if err := checkOpens(out); err != nil {
			return 0, 0, 0, 0, err
		}
	}
	return d, float64(c.lists.Load() - l), float64(c.gets.Load() - g), float64(c.other.Load() - o), nil
}

// checkOpens makes sure a first read found one open per log object, so
// the timing is of a read that worked.
func checkOpens(out string) error {
	var row struct {
		Opens struct {
			Opens int `json:"opens"`
		} `json:"opens"`
	}
	if err := json.NewDecoder(strings.NewReader(out)).Decode(&row); err != nil && err != io.EOF {
		return fmt.Errorf("opens --json: %w", err)
	}
	if row.Opens.Opens != opensObjects {
		return fmt.Errorf("opens found %d opens, want %d (one per log object)", row.Opens.Opens, opensObjects)
	}
	return nil
}

// printOpens writes the opens figures.
func printOpens(w io.Writer, r *OpensResults) {
	if r == nil {
		return
	}
	fmt.Fprintf(w, "\ns3share opens, %d log objects of %d records:\n", r.LogObjects, r.Records)
	fmt.Fprintf(w, "  first read:  median %8.1f ms (min %.1f, max %.1f, n %d); %.0f LIST, %.0f GET, %.0f other per run\n",
		r.FirstRead.Median, r.FirstRead.Min, r.FirstRead.Max, r.FirstRead.N, r.FirstReadLists, r.FirstReadGets, r.FirstReadOther)
	fmt.Fprintf(w, "  nothing new: median %8.1f ms (min %.1f, max %.1f, n %d); %.0f LIST, %.0f GET, %.0f other per run (the most)\n",
		r.NothingNew.Median, r.NothingNew.Min, r.NothingNew.Max, r.NothingNew.N, r.NothingNewLists, r.NothingNewGets, r.NothingNewOther)
}
