package share_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/s3share/s3share/imagemeta"
	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/internal/testimage"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// names is the names of files.
func names(files []share.LocalFile) []string {
	out := []string{}
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

func TestCollectFiles(t *testing.T) {
	dir := t.TempDir()
	testimage.WriteFiles(t, dir, map[string][]byte{
		"shots/b.png": testimage.PNG(4, 4), "shots/a.jpg": testimage.JPEG(4, 4), "shots/notes.txt": []byte("hello"),
		"shots/photo.txt": testimage.JPEG(2, 2), // an image by its bytes, whatever its name
		"shots/fake.jpg":  []byte("not a picture"),
		"shots/sub/c.jpg": testimage.JPEG(4, 4), "docs/readme.md": []byte("# hi"), "docs/deep/d.png": testimage.PNG(2, 2),
	})
	if err := os.Symlink("a.jpg", filepath.Join(dir, "shots", "link.jpg")); err != nil {
		t.Fatal(err)
	}
	shots := filepath.Join(dir, "shots")
	for _, tc := range []struct {
		opts share.CollectOptions
		want []string
	}{
		{share.CollectOptions{}, []string{"a.jpg", "b.png", "link.jpg", "photo.txt"}},
		{share.CollectOptions{Recursive: true}, []string{"a.jpg", "b.png", "link.jpg", "photo.txt", "sub/c.jpg"}},
		{share.CollectOptions{AnyFile: true}, []string{"a.jpg", "b.png", "fake.jpg", "link.jpg", "notes.txt", "photo.txt"}},
	} {
		got, err := share.CollectFiles([]string{shots}, tc.opts)
		if err != nil || !slices.Equal(names(got), tc.want) {
			t.Errorf("CollectFiles(%+v) = %v, %v; want %v", tc.opts, names(got), err, tc.want)
		}
	}
	got, err := share.CollectFiles([]string{filepath.Join(shots, "a.jpg"), filepath.Join(dir, "docs", "deep")}, share.CollectOptions{})
	if err != nil || !slices.Equal(names(got), []string{"a.jpg", "d.png"}) {
		t.Errorf("a file and a directory = %v, %v", names(got), err)
	}
}

func TestCollectFilesRefuses(t *testing.T) {
	dir := t.TempDir()
	testimage.WriteFiles(t, dir, map[string][]byte{"docs/readme.md": []byte("# hi"), "docs/deep/d.png": testimage.PNG(2, 2),
		"flat/readme.md": []byte("# hi"), "empty/.keep": nil})
	for _, tc := range []struct {
		path string
		opts share.CollectOptions
		want string
		fix  hint.Setting
	}{
		{"missing.jpg", share.CollectOptions{}, "missing.jpg: no such file or directory", ""},
		{"docs/readme.md", share.CollectOptions{}, "docs/readme.md: not an image (its bytes are no picture format): upload it all the same", hint.AllFiles},
		{"docs", share.CollectOptions{}, "docs: no images in this directory: read its subdirectories too", hint.Recursive},
		{"flat", share.CollectOptions{}, "flat: no images in this directory: upload other files too", hint.AllFiles},
		{"empty", share.CollectOptions{Recursive: true}, "empty: no images in this directory: upload other files too", hint.AllFiles},
	} {
		_, err := share.CollectFiles([]string{filepath.Join(dir, tc.path)}, tc.opts)
		var fe *share.FileError
		if !errors.As(err, &fe) || strings.TrimPrefix(err.Error(), dir+"/") != tc.want {
			t.Errorf("CollectFiles(%s) = %v, want %q", tc.path, err, tc.want)
			continue
		}
		if fix, _ := hint.Of(err); fix != tc.fix {
			t.Errorf("CollectFiles(%s): fixed by %q, want %q", tc.path, fix, tc.fix)
		}
	}
	fifo := filepath.Join(dir, "pipe.jpg")
	if err := mkfifo(fifo); err == nil {
		_, err := share.CollectFiles([]string{fifo}, share.CollectOptions{AnyFile: true})
		if err == nil || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("a FIFO = %v, want it refused without waiting for a writer", err)
		}
	}
}

// prepare is PrepareUploads of the files at paths into dest.
func prepare(t *testing.T, dest string, name string, opts share.UploadOptions, paths ...string) ([]*share.Upload, error) {
	t.Helper()
	loc, err := s3browse.ParseLocation(dest)
	if err != nil {
		t.Fatal(err)
	}
	var files []share.LocalFile
	for _, p := range paths {
		files = append(files, share.LocalFile{Path: p, Name: filepath.Base(p)})
	}
	ups, err := share.PrepareUploads(files, loc, name, opts)
	t.Cleanup(func() { share.CloseUploads(ups) })
	return ups, err
}

func TestPrepareUploads(t *testing.T) {
	dir := t.TempDir()
	gps := testimage.JPEGWithGPS(32, 24, 48.8584, 2.2945)
	testimage.WriteFiles(t, dir, map[string][]byte{"gps.jpg": gps, "plain.png": testimage.PNG(8, 8), "notes.txt": []byte("hello"),
		"scan.tif": []byte("II*\x00\x08\x00\x00\x00\x00\x00"), "anim.gif": []byte("GIF89a\x01\x00\x01\x00")})
	at := func(name string) string { return filepath.Join(dir, name) }

	ups, err := prepare(t, "s3://photos/2026/", "", share.UploadOptions{}, at("gps.jpg"), at("plain.png"), at("anim.gif"))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		key, ctype, removed string
	}{
		{"2026/gps.jpg", "image/jpeg", "GPS position removed (EXIF)"},
		{"2026/plain.png", "image/png", "no location data found"},
		{"2026/anim.gif", "image/gif", "no location data found"},
	} {
		u := ups[i]
		if u.Bucket != "photos" || u.Key != want.key || u.ContentType != want.ctype || u.Location.String() != want.removed {
			t.Errorf("upload %d = %s/%s %s %q, want %+v", i, u.Bucket, u.Key, u.ContentType, u.Location, want)
		}
	}
	if ups[0].Size != int64(len(gps)) {
		t.Errorf("the edited JPEG is %d bytes, want %d (edits keep the length)", ups[0].Size, len(gps))
	}

	kept, err := prepare(t, "s3://photos", "mine.jpg", share.UploadOptions{KeepMetadata: true}, at("gps.jpg"))
	if err != nil || kept[0].Key != "mine.jpg" || kept[0].Location.Changed() || kept[0].Kept == nil || !kept[0].Kept.GPS {
		t.Errorf("--keep-metadata: %+v, %v; want the GPS position kept and named", kept, err)
	}
	txt, err := prepare(t, "s3://photos/", "", share.UploadOptions{AnyFile: true}, at("notes.txt"))
	if err != nil || txt[0].ContentType != "text/plain; charset=utf-8" || txt[0].Image != "" {
		t.Errorf("a text file with AnyFile: %+v, %v", txt, err)
	}
}

func TestPrepareUploadsRefuses(t *testing.T) {
	dir := t.TempDir()
	testimage.WriteFiles(t, dir, map[string][]byte{"a.jpg": testimage.JPEG(4, 4), "b.jpg": testimage.JPEG(4, 4),
		"scan.tif": []byte("II*\x00\x08\x00\x00\x00\x00\x00"), "bad\xffname.jpg": testimage.JPEG(2, 2),
		"broken.jpg": append(append([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x40}, "Exif\x00\x00II*\x00\xff\xff\xff\x7f"...), make([]byte, 50)...)})
	at := func(name string) string { return filepath.Join(dir, name) }
	huge := at("huge.jpg")
	testimage.WriteFiles(t, dir, map[string][]byte{"huge.jpg": testimage.JPEG(4, 4)})
	if err := os.Truncate(huge, s3browse.MaxObjectBytes+1); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dest, name string
		paths      []string
		want       string
		fix        hint.Setting
	}{
		{"s3://photos/", "x.jpg", []string{at("a.jpg"), at("b.jpg")}, `key "x.jpg": one name for 2 files`, ""},
		{"s3://photos/", "../x.jpg", []string{at("a.jpg")}, `key "../x.jpg": it has a ".." segment, which browsers and curl drop (the link would answer 403)`, ""},
		{"s3://photos/", "", []string{at("bad\xffname.jpg")}, `key "bad\xffname.jpg": not valid UTF-8, which S3 keys are: name the object another way`, hint.ObjectName},
		{"s3://photos/" + strings.Repeat("d/", 510), "", []string{at("a.jpg")}, "1025 bytes, over the 1024 S3 allows", hint.ObjectName},
		{"s3://photos/", "", []string{at("a.jpg"), filepath.Join(dir, ".", "a.jpg")}, "both", ""},
		{"s3://photos/", "", []string{at("scan.tif")}, "scan.tif: its location data cannot be removed safely (TIFF: location data in TIFF files is not read): upload it as it is", hint.KeepMetadata},
		{"s3://photos/", "", []string{at("broken.jpg")}, "broken.jpg: its location data cannot be removed safely (JPEG: ", hint.KeepMetadata},
		{"s3://photos/", "", []string{huge}, "huge.jpg: 5497558138881 bytes: S3 objects hold at most 5 TiB", ""},
	} {
		_, err := prepare(t, tc.dest, tc.name, share.UploadOptions{}, tc.paths...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("PrepareUploads(%s, %q, %v) = %v, want %q", tc.dest, tc.name, tc.paths, err, tc.want)
			continue
		}
		if fix, _ := hint.Of(err); fix != tc.fix {
			t.Errorf("%v: fixed by %q, want %q", err, fix, tc.fix)
		}
	}
}

// pixels decodes a JPEG.
func pixels(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
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

func TestPutUploadsWithoutLocation(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	dir := t.TempDir()
	gps := testimage.JPEGWithGPS(64, 48, -33.8568, 151.2153)
	testimage.WriteFiles(t, dir, map[string][]byte{"gps.jpg": gps, "plain.png": testimage.PNG(8, 8)})
	b, ctx := srv.Browser(t), context.Background()
	var mu sync.Mutex
	var sent int64
	perFile := map[int]int64{}
	opts := share.UploadOptions{
		Progress:     func(n int64) { mu.Lock(); sent += n; mu.Unlock() },
		FileProgress: func(i int, n int64) { mu.Lock(); perFile[i] += n; mu.Unlock() },
	}
	ups, err := prepare(t, "s3://photos/in/", "", opts, filepath.Join(dir, "gps.jpg"), filepath.Join(dir, "plain.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := share.PutUploads(ctx, b, ups, opts); err != nil {
		t.Fatal(err)
	}
	if sent != ups[0].Size+ups[1].Size || !ups[0].Created || ups[0].NotAtomic {
		t.Errorf("progress %d bytes, created %v, not atomic %v", sent, ups[0].Created, ups[0].NotAtomic)
	}
	if perFile[0] != ups[0].Size || perFile[1] != ups[1].Size || len(perFile) != 2 {
		t.Errorf("progress by file %v, want %d and %d", perFile, ups[0].Size, ups[1].Size)
	}
	data, info, err := b.ReadObject(ctx, "photos", "in/gps.jpg", 1<<20)
	if err != nil || info.ContentType != "image/jpeg" || len(data) != len(gps) {
		t.Fatalf("object: %d bytes (%s), %v", len(data), info.ContentType, err)
	}
	if found, err := imagemeta.Location(data); found.GPS || err != nil {
		t.Errorf("the object still carries GPS data: %+v, %v", found, err)
	}
	if !bytes.Contains(data, []byte(testimage.Camera)) {
		t.Error("the object lost the rest of its EXIF")
	}
	if !samePixels(pixels(t, data), pixels(t, gps)) {
		t.Error("the object's pixels differ from the file's")
	}
}

func TestPutUploadsCreateOnly(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "in/b.png", []byte("theirs"))
	dir := t.TempDir()
	testimage.WriteFiles(t, dir, map[string][]byte{"a.png": testimage.PNG(4, 4), "b.png": testimage.PNG(5, 5)})
	b, ctx := srv.Browser(t), context.Background()
	paths := []string{filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png")}

	ups, _ := prepare(t, "s3://photos/in/", "", share.UploadOptions{}, paths...)
	err := share.PutUploads(ctx, b, ups, share.UploadOptions{})
	var exists *share.ExistsError
	if !errors.As(err, &exists) || err.Error() != "s3://photos/in/b.png: already exists: nothing was uploaded; replace it, or choose another name" {
		t.Fatalf("put over an existing key = %v", err)
	}
	if fix, _ := hint.Of(err); fix != hint.Overwrite {
		t.Errorf("fixed by %q, want overwrite", fix)
	}
	if _, err := b.HeadObject(ctx, "photos", "in/a.png"); !errors.Is(err, s3browse.ErrNoSuchKey) {
		t.Errorf("a.png was uploaded although b.png was refused: %v", err)
	}
	if data, _, _ := b.ReadObject(ctx, "photos", "in/b.png", 100); string(data) != "theirs" {
		t.Errorf("b.png holds %q, want theirs", data)
	}

	opts := share.UploadOptions{Overwrite: true}
	ups, _ = prepare(t, "s3://photos/in/", "", opts, paths...)
	if err := share.PutUploads(ctx, b, ups, opts); err != nil {
		t.Fatalf("--overwrite: %v", err)
	}
	if data, _, _ := b.ReadObject(ctx, "photos", "in/b.png", 1<<20); !bytes.Equal(data, testimage.PNG(5, 5)) {
		t.Errorf("b.png was not replaced")
	}
}

// cancelOnSecond is a store whose second upload cancels the put.
type cancelOnSecond struct {
	*s3browse.Browser
	cancel context.CancelFunc
	n      int
}

func (c *cancelOnSecond) Upload(ctx context.Context, in s3browse.UploadInput) (s3browse.Uploaded, error) {
	if c.n++; c.n == 2 {
		c.cancel()
		return s3browse.Uploaded{}, context.Canceled
	}
	return c.Browser.Upload(ctx, in)
}

func TestPutUploadsCancelledDeletesWhatItCreated(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	dir := t.TempDir()
	testimage.WriteFiles(t, dir, map[string][]byte{"a.png": testimage.PNG(4, 4), "b.png": testimage.PNG(5, 5)})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := srv.Browser(t)
	ups, _ := prepare(t, "s3://photos/", "", share.UploadOptions{}, filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png"))
	err := share.PutUploads(ctx, &cancelOnSecond{Browser: b, cancel: cancel}, ups, share.UploadOptions{})
	var pe *share.PutError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &pe) || len(pe.Left) != 0 {
		t.Fatalf("cancelled put = %v", err)
	}
	if _, err := b.HeadObject(context.Background(), "photos", "a.png"); !errors.Is(err, s3browse.ErrNoSuchKey) {
		t.Errorf("a.png stays after a cancelled put: %v", err)
	}
}

func TestPutUploadsRefusesAFileThatChanged(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	dir := t.TempDir()
	testimage.WriteFiles(t, dir, map[string][]byte{"a.png": testimage.PNG(4, 4)})
	p := filepath.Join(dir, "a.png")
	ups, err := prepare(t, "s3://photos/", "", share.UploadOptions{}, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, testimage.PNG(8, 8), 0o644); err != nil { // the screenshot tool writes on
		t.Fatal(err)
	}
	b := srv.Browser(t)
	err = share.PutUploads(context.Background(), b, ups, share.UploadOptions{})
	var fe *share.FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "a.png: it changed while it was being uploaded") {
		t.Fatalf("put of a file that changed = %v", err)
	}
	if _, err := b.HeadObject(context.Background(), "photos", "a.png"); !errors.Is(err, s3browse.ErrNoSuchKey) {
		t.Errorf("the object of a file that changed: %v", err)
	}
}
