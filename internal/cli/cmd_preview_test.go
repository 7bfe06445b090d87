package cli

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
)

// quadrantPNG is 40x20: red, green / blue, white.
func quadrantPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	cols := []color.RGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}}
	for y := range 20 {
		for x := range 40 {
			img.SetRGBA(x, y, cols[(y/10)*2+x/20])
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPreviewCommand(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "pics")
	pic := quadrantPNG(t)
	srv.Put(t, "pics", "q.png", pic)
	srv.Put(t, "pics", "fake.jpg", []byte("just text, not a jpeg\n"))
	srv.Put(t, "pics", "cut.png", pic[:len(pic)/2])
	big := make([]byte, 2<<20)
	copy(big, pic)
	srv.Put(t, "pics", "big.png", big)

	r := runCLIEnv(t, srv, "", []string{"COLORTERM=truecolor"}, "preview", "s3://pics/q.png", "--mode", "blocks", "--width", "20")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 5 || !strings.Contains(lines[0], "\x1b[48;2;255;0;0m") || !strings.Contains(lines[4], "255;255;255") {
		t.Fatalf("blocks output, %d lines:\n%q", len(lines), r.stdout)
	}
	if !strings.Contains(r.stderr, "s3://pics/q.png · PNG 40x20 ·") {
		t.Fatalf("facts line: %q", r.stderr)
	}

	for _, c := range []struct {
		args []string
		code int
		line string
	}{
		{[]string{"preview", "s3://pics/fake.jpg"}, 1, "no preview: this is text, not a picture"},
		{[]string{"preview", "s3://pics/cut.png"}, 1, "the PNG is cut short or damaged"},
		{[]string{"preview", "s3://pics/big.png", "--max-mib", "1"}, 1, "2.0 MiB is over the 1.0 MiB preview limit: pass --max-mib"},
		{[]string{"preview", "s3://pics/missing.png"}, 1, "no such object"},
		{[]string{"preview", "s3://pics/"}, 2, "needs one object"},
		{[]string{"preview", "s3://pics/q.png", "--mode", "ascii"}, 2, "--mode"},
		{[]string{"--preview", "fancy", "buckets"}, 2, "--preview"},
	} {
		r := runCLI(t, srv, "", c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.line) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line with %q", c.args, r.code, r.stderr, c.code, c.line)
		}
	}
}
