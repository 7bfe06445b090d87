package cli

import (
	"bytes"
	"context"
	"errors"
	"image"
	_ "image/jpeg" // image.Decode reads JPEG
	_ "image/png"  // and PNG
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/imagemeta"
	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testdisplay"
	"github.com/s3share/s3share/internal/testimage"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// putFile writes data at dir/name and returns the path.
func putFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fetchTyped GETs a link and returns its status, body and Content-Type.
func fetchTyped(t *testing.T, url string) (int, []byte, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body, resp.Header.Get("Content-Type")
}

// decode decodes a JPEG or PNG.
func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// samePixels reports whether two images hold the same pixels.
func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// linksIn is the history --json of a history file.
func linksIn(t *testing.T, history string) []map[string]any {
	t.Helper()
	r := runCLI(t, nil, history, "history", "--json")
	if r.code != 0 {
		t.Fatalf("history: exit %d: %s", r.code, r.stderr)
	}
	return jsonLines(t, r.stdout)
}

// TestPutSharesWithoutLocation: a JPEG with GPS EXIF and a PNG are
// uploaded and shared; the links fetch the PNG as it is and the JPEG
// without its GPS tags (same pixels, same length, the rest of its EXIF
// kept), each with the Content-Type its bytes say; the links are in the
// history and the summary says what was removed.
func TestPutSharesWithoutLocation(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	dir := t.TempDir()
	gps := testimage.JPEGWithGPS(120, 80, 51.5007, -0.1246)
	plain := testimage.PNG(30, 20)
	history := filepath.Join(t.TempDir(), "history.db")
	r := runCLI(t, srv, history, "put", "--json", "--label", "client A",
		putFile(t, dir, "big ben.jpg", gps), putFile(t, dir, "plain.photo", plain), "s3://photos/2026/")
	if r.code != 0 {
		t.Fatalf("put: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"s3share: uploaded big ben.jpg to s3://photos/2026/big ben.jpg (", "image/jpeg): GPS position removed (EXIF)\n",
		"s3share: uploaded plain.photo to s3://photos/2026/plain.photo (", "image/png): no location data found\n",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	rows := jsonLines(t, r.stdout)
	if len(rows) != 2 || rows[0]["key"] != "2026/big ben.jpg" || rows[1]["key"] != "2026/plain.photo" || rows[0]["id"] == nil {
		t.Fatalf("put --json: %v", rows)
	}
	code, got, ctype := fetchTyped(t, rows[0]["url"].(string))
	if code != 200 || ctype != "image/jpeg" || len(got) != len(gps) {
		t.Fatalf("the JPEG's link: %d %s, %d bytes (want %d)", code, ctype, len(got), len(gps))
	}
	if found, err := imagemeta.Location(got); found.GPS || err != nil {
		t.Errorf("the shared JPEG carries GPS data: %+v, %v", found, err)
	}
	if !samePixels(decode(t, got), decode(t, gps)) {
		t.Error("the shared JPEG's pixels differ from the file's")
	}
	exifGPS(t, got)
	if code, got, ctype := fetchTyped(t, rows[1]["url"].(string)); code != 200 || ctype != "image/png" || !bytes.Equal(got, plain) {
		t.Errorf("the PNG's link: %d %s, same bytes %v", code, ctype, bytes.Equal(got, plain))
	}
	if hist := linksIn(t, history); len(hist) != 2 || hist[0]["label"] != "client A" {
		t.Errorf("history after put: %v", hist)
	}
}

// exifGPS checks with exiftool, when it is installed, that data has no
// GPS tag and still names its camera.
func exifGPS(t *testing.T, data []byte) {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("exiftool is not installed (apt-get install libimage-exiftool-perl)")
		}
		t.Log("exiftool not installed: the tags are read by imagemeta only")
		return
	}
	p := putFile(t, t.TempDir(), "shared.jpg", data)
	out, err := exec.Command("exiftool", "-a", "-G1", "-s", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "[GPS]") || !strings.Contains(string(out), "Make") {
		t.Errorf("exiftool reads GPS tags, or no Make, in the shared JPEG:\n%s", out)
	}
}

// TestPutNeverOverwritesBySurprise: a key taken is refused with its name,
// exit 1, before anything is uploaded or recorded; --overwrite replaces.
func TestPutNeverOverwritesBySurprise(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "b.png", []byte("theirs"))
	dir := t.TempDir()
	a, b := putFile(t, dir, "a.png", testimage.PNG(4, 4)), putFile(t, dir, "b.png", testimage.PNG(6, 6))
	history := filepath.Join(t.TempDir(), "history.db")

	r := runCLI(t, srv, history, "put", a, b, "s3://photos")
	if msg := oneLine(t, r); r.code != 1 ||
		msg != "s3share: s3://photos/b.png: already exists: nothing was uploaded; replace it, or choose another name (--overwrite)" {
		t.Fatalf("put over a taken key: exit %d, %q", r.code, msg)
	}
	if _, err := srv.Browser(t).HeadObject(context.Background(), "photos", "a.png"); !errors.Is(err, s3browse.ErrNoSuchKey) {
		t.Errorf("a.png was uploaded: %v", err)
	}
	if hist := linksIn(t, history); len(hist) != 0 {
		t.Errorf("a refused put recorded %v", hist)
	}
	r = runCLI(t, srv, history, "put", "--overwrite", a, b, "s3://photos")
	if r.code != 0 || len(strings.Fields(r.stdout)) != 2 {
		t.Fatalf("put --overwrite: exit %d: %s", r.code, r.stderr)
	}
	if _, got := fetch(t, strings.Fields(r.stdout)[1]); !bytes.Equal(got, testimage.PNG(6, 6)) {
		t.Errorf("--overwrite did not replace b.png: %q", got)
	}
}

// TestPutRaceOneWins: two puts of one name at the same moment: exactly
// one wins; the other exits 1 and records nothing.
func TestPutRaceOneWins(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	dir := t.TempDir()
	files := []string{putFile(t, dir, "1/shot.png", testimage.PNG(7, 7)), putFile(t, dir, "2/shot.png", testimage.PNG(9, 9))}
	histories := []string{filepath.Join(t.TempDir(), "h1.db"), filepath.Join(t.TempDir(), "h2.db")}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { results[i] = runCLI(t, srv, histories[i], "put", files[i], "s3://photos/") })
	}
	wg.Wait()
	wins := 0
	for i, r := range results {
		switch {
		case r.code == 0:
			wins++
			if n := len(linksIn(t, histories[i])); n != 1 {
				t.Errorf("the winner recorded %d links", n)
			}
		case r.code == 1 && strings.Contains(r.stderr, "s3://photos/shot.png: already exists"):
			if n := len(linksIn(t, histories[i])); n != 0 {
				t.Errorf("the loser recorded %d links", n)
			}
		default:
			t.Errorf("put %d: exit %d: %s", i, r.code, r.stderr)
		}
	}
	if wins != 1 {
		t.Errorf("%d puts of one name won, want exactly 1", wins)
	}
}

// randomFile is n pseudo-random bytes.
func randomFile(n int) []byte {
	r := rand.New(rand.NewPCG(7, 8))
	out := make([]byte, n)
	for i := range out {
		out[i] = byte(r.Uint32())
	}
	return out
}

// openUploads lists the multipart uploads left in a bucket.
func openUploads(t *testing.T, srv *testsrv.Server, bucket string) int {
	t.Helper()
	out, err := srv.Client().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Uploads)
}

// TestPutMultipart: a file over the part size goes up in parts and the
// link fetches it whole.
func TestPutMultipart(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	body := randomFile(13<<20 + 5)
	p := putFile(t, t.TempDir(), "raw.bin", body)
	r := runCLI(t, srv, filepath.Join(t.TempDir(), "h.db"), "put", "--all", "--part-size", "5MiB", p, "s3://photos/raw/")
	if r.code != 0 {
		t.Fatalf("put: exit %d: %s", r.code, r.stderr)
	}
	if code, got := fetch(t, strings.TrimSpace(r.stdout)); code != 200 || !bytes.Equal(got, body) {
		t.Errorf("the link fetched %d bytes (status %d), want the file's %d", len(got), code, len(body))
	}
	if !strings.Contains(r.stderr, "uploaded raw.bin to s3://photos/raw/raw.bin (14 MB, application/octet-stream)\n") ||
		strings.Contains(r.stderr, "uploading") || strings.Contains(r.stderr, "\r") {
		t.Errorf("stderr (a pipe: no progress line): %q", r.stderr)
	}
	if n := openUploads(t, srv, "photos"); n != 0 {
		t.Errorf("%d multipart uploads left", n)
	}
}

// TestPutInterruptedMultipart: ctrl+c while a part is on its way aborts
// the multipart upload: exit 130, no object, no upload left, nothing
// recorded.
func TestPutInterruptedMultipart(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	px := faultproxy.New(t, srv.Endpoint)
	px.Only(func(r *http.Request) bool {
		return r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "2"
	})
	px.SetDelay(5 * time.Second) // held until ctrl+c; the proxy lets it go when the test ends
	px.Always(faultproxy.Latency)
	p := putFile(t, t.TempDir(), "raw.bin", randomFile(12<<20))
	history := filepath.Join(t.TempDir(), "h.db")
	cmd := exec.Command(binary, "--history", history, "--endpoint-url", px.URL, "--path-style",
		"put", "--all", "--part-size", "5MiB", p, "s3://photos/")
	cmd.Env = append(append(os.Environ(), "HOME="+t.TempDir(), "S3SHARE_HISTORY=", "S3SHARE_CONFIG=/dev/null"), srv.Env()...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(20 * time.Second); px.Applied(faultproxy.Latency) == 0 || openUploads(t, srv, "photos") == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			cmd.Process.Kill()
			t.Fatalf("part 2 never reached the proxy: %s", stderr.String())
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if exit, _ := err.(*exec.ExitError); exit == nil || exit.ExitCode() != exitInterrupted || stdout.Len() != 0 {
		t.Fatalf("ctrl+c during the upload: %v, stdout %q, stderr %q; want exit 130", err, stdout.String(), stderr.String())
	}
	if n := openUploads(t, srv, "photos"); n != 0 {
		out, _ := srv.Client().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String("photos")})
		for _, u := range out.Uploads {
			parts, err := srv.Client().ListParts(context.Background(), &s3.ListPartsInput{Bucket: aws.String("photos"), Key: u.Key, UploadId: u.UploadId})
			if err == nil {
				for _, p := range parts.Parts {
					t.Logf("left: %s part %d %d bytes", aws.ToString(u.UploadId), aws.ToInt32(p.PartNumber), aws.ToInt64(p.Size))
				}
			}
		}
		t.Errorf("%d multipart uploads left after ctrl+c", n)
	}
	if _, err := srv.Browser(t).HeadObject(context.Background(), "photos", "raw.bin"); !errors.Is(err, s3browse.ErrNoSuchKey) {
		t.Errorf("the object after ctrl+c: %v", err)
	}
	if hist := linksIn(t, history); len(hist) != 0 {
		t.Errorf("ctrl+c recorded %v", hist)
	}
}

// TestPutBadInput: each mistake is one line on stderr and an exit code,
// and nothing is uploaded.
func TestPutBadInput(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	dir := t.TempDir()
	jpg := putFile(t, dir, "a.jpg", testimage.JPEG(4, 4))
	txt := putFile(t, dir, "notes.txt", []byte("hello"))
	putFile(t, dir, "docs/readme.md", []byte("# hi"))
	huge := putFile(t, dir, "huge.jpg", testimage.JPEG(4, 4))
	if err := os.Truncate(huge, s3browse.MaxObjectBytes+1); err != nil {
		t.Fatal(err)
	}
	history := filepath.Join(t.TempDir(), "history.db")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{filepath.Join(dir, "missing.jpg"), "s3://photos/"}, 1, dir + "/missing.jpg: no such file or directory"},
		{[]string{txt, "s3://photos/"}, 1, dir + "/notes.txt: not an image (its bytes are no picture format): upload it all the same (--all)"},
		{[]string{filepath.Join(dir, "docs"), "s3://photos/"}, 1, dir + "/docs: no images in this directory: upload other files too (--all)"},
		{[]string{huge, "s3://photos/"}, 1, dir + "/huge.jpg: 5497558138881 bytes: S3 objects hold at most 5 TiB"},
		{[]string{"--name", "../a.jpg", jpg, "s3://photos/"}, 1, `key "../a.jpg": it has a ".." segment, which browsers and curl drop (the link would answer 403)`},
		{[]string{jpg, "s3://photos/a.jpg"}, 2, "s3://photos/a.jpg names an object: give the folder and the name, like s3://photos/ --name a.jpg"},
		{[]string{jpg}, 2, "a.jpg: the last argument is where the files go, like s3://BUCKET/PREFIX/"},
		{[]string{"s3://photos/"}, 2, "put takes the files to upload, then s3://BUCKET[/PREFIX/] (or --clipboard)"},
		{[]string{jpg, "s3://no-such-bucket/"}, 1, "s3://no-such-bucket: no such bucket"},
	} {
		r := runCLI(t, srv, history, append([]string{"put"}, tc.args...)...)
		if msg := oneLine(t, r); r.code != tc.code || !strings.Contains(msg, tc.want) {
			t.Errorf("put %v: exit %d, %q; want exit %d, %q", tc.args, r.code, msg, tc.code, tc.want)
		}
	}
	if keys := listKeys(t, srv, "photos"); len(keys) != 0 {
		t.Errorf("bad input uploaded %v", keys)
	}
}

// listKeys lists every key of a bucket.
func listKeys(t *testing.T, srv *testsrv.Server, bucket string) []string {
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

// TestPutWithoutWritePermission: a user who may read but not write is
// told which permission the upload needs, in one line, exit 1.
func TestPutWithoutWritePermission(t *testing.T) {
	srv := testsrv.Versity(t, testsrv.WithIAM())
	srv.CreateBucket(t, "photos")
	const access, secret = "AKREADER", "reader-secret-0123456789abcdef"
	srv.CreateUser(t, access, secret, "user")
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
		`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::photos","arn:aws:s3:::photos/*"]}]}`
	if _, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String("photos"), Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	jpg := putFile(t, t.TempDir(), "a.jpg", testimage.JPEG(4, 4))
	r := runCLI(t, srv.WithKeys(access, secret), filepath.Join(t.TempDir(), "h.db"), "put", jpg, "s3://photos/")
	if msg := oneLine(t, r); r.code != 1 || msg != "s3share: s3://photos/a.jpg: access denied: check the IAM policy for s3:PutObject" {
		t.Errorf("put without s3:PutObject: exit %d, %q", r.code, msg)
	}
}

// TestPutClipboard: put --clipboard under Xvfb uploads and shares the
// PNG xclip holds, named by the time; an empty clipboard is one line,
// exit 1.
func TestPutClipboard(t *testing.T) {
	testdisplay.Need(t, "Xvfb", "xclip")
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	display := []string{"DISPLAY=" + testdisplay.X11(t), "WAYLAND_DISPLAY="}
	history := filepath.Join(t.TempDir(), "h.db")

	r := runCLIEnv(t, srv, history, display, "put", "--clipboard", "s3://photos/shots/")
	if msg := oneLine(t, r); r.code != 1 || msg != "s3share: no image in the clipboard (it is empty)" {
		t.Errorf("put --clipboard with nothing in it: exit %d, %q", r.code, msg)
	}
	shot := testimage.PNG(40, 30)
	testdisplay.Offer(t, display, "image/png", shot)
	r = runCLIEnv(t, srv, history, display, "put", "--clipboard", "--json", "s3://photos/shots/")
	rows := jsonLines(t, r.stdout)
	if r.code != 0 || len(rows) != 1 {
		t.Fatalf("put --clipboard: exit %d: %s", r.code, r.stderr)
	}
	if key := rows[0]["key"].(string); !regexp.MustCompile(`^shots/screenshot-\d{4}-\d\d-\d\d-\d{6}\.png$`).MatchString(key) {
		t.Errorf("the clipboard's image went to %q", key)
	}
	if code, got, ctype := fetchTyped(t, rows[0]["url"].(string)); code != 200 || ctype != "image/png" || !bytes.Equal(got, shot) {
		t.Errorf("its link: %d %s, same bytes %v", code, ctype, bytes.Equal(got, shot))
	}
	r = runCLIEnv(t, srv, history, display, "put", "--clipboard", "--name", "bug 12.png", "s3://photos/shots/")
	if r.code != 0 || !strings.Contains(r.stderr, "to s3://photos/shots/bug 12.png (") {
		t.Errorf("put --clipboard --name: exit %d: %s", r.code, r.stderr)
	}
}

// TestPutClipboardWayland: under Wayland (weston, no X server) put
// --clipboard uploads the PNG wl-copy holds; its link serves those bytes.
func TestPutClipboardWayland(t *testing.T) {
	testdisplay.Need(t, "wl-copy", "wl-paste")
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	wayland := testdisplay.Wayland(t)
	shot := testimage.PNG(40, 30)
	testdisplay.Offer(t, wayland, "image/png", shot)
	r := runCLIEnv(t, srv, filepath.Join(t.TempDir(), "h.db"), wayland, "put", "--clipboard", "--json", "s3://photos/shots/")
	rows := jsonLines(t, r.stdout)
	if r.code != 0 || len(rows) != 1 {
		t.Fatalf("put --clipboard under Wayland: exit %d: %s", r.code, r.stderr)
	}
	if code, got, ctype := fetchTyped(t, rows[0]["url"].(string)); code != 200 || ctype != "image/png" || !bytes.Equal(got, shot) {
		t.Errorf("its link: %d %s, same bytes %v", code, ctype, bytes.Equal(got, shot))
	}
}

// TestPutNothingIssuedDeletesUploads: when the links cannot be issued
// after the upload (here a revocable copy the user may not make), the
// objects uploaded are deleted again, so the same put can run again.
func TestPutNothingIssuedDeletesUploads(t *testing.T) {
	srv := testsrv.Versity(t, testsrv.WithIAM())
	srv.CreateBucket(t, "photos")
	const access, secret = "AKWRITER", "writer-secret-0123456789abcdef"
	srv.CreateUser(t, access, secret, "user")
	policy := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},"Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::photos"]},` +
		`{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},"Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],` +
		`"Resource":["arn:aws:s3:::photos/in/*"]}]}`
	if _, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{
		Bucket: aws.String("photos"), Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	jpg := putFile(t, t.TempDir(), "a.jpg", testimage.JPEG(4, 4))
	history := filepath.Join(t.TempDir(), "h.db")
	r := runCLI(t, srv.WithKeys(access, secret), history, "put", "--revocable", jpg, "s3://photos/in/")
	if r.code != 1 || !strings.Contains(r.stderr, "s3share: no link was issued: the files uploaded were deleted again\n") ||
		!strings.Contains(r.stderr, "nothing was issued: share without --revocable") {
		t.Fatalf("put --revocable without the right to copy: exit %d: %s", r.code, r.stderr)
	}
	if keys := listKeys(t, srv, "photos"); len(keys) != 0 {
		t.Errorf("left in the bucket: %v", keys)
	}
	if hist := linksIn(t, history); len(hist) != 0 {
		t.Errorf("recorded: %v", hist)
	}
	if r := runCLI(t, srv.WithKeys(access, secret), history, "put", jpg, "s3://photos/in/"); r.code != 0 {
		t.Errorf("the same put without --revocable: exit %d: %s", r.code, r.stderr)
	}
}
