package imagemeta_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/s3share/s3share/imagemeta"
)

// needTool skips (or, in CI, fails) a test when a program is missing.
func needTool(t *testing.T, bin, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(bin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; .ci/run installs Debian package %s", bin, pkg)
		}
		t.Skipf("%s is not installed (Debian package %s)", bin, pkg)
	}
}

// run runs a program and returns its standard output.
func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// exifTags is what exiftool reads in a file: "[Group] Tag: value"
// lines, sorted, the GPS ones apart, without the file system's own.
type exifTags struct{ other, gps []string }

// exiftoolAll runs exiftool once on many files.
func exiftoolAll(t *testing.T, paths []string) map[string]exifTags {
	t.Helper()
	out := run(t, "exiftool", append([]string{"-a", "-G1", "-s", "-n", "-validate", "-all:all"}, paths...)...)
	tags := map[string]exifTags{}
	file := paths[0]
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if name, ok := strings.CutPrefix(line, "======== "); ok {
			file = name
			continue
		}
		group, rest, _ := strings.Cut(line, "]")
		name, value, _ := strings.Cut(rest, ":")
		line = group + "] " + strings.TrimSpace(name) + ": " + strings.TrimSpace(value)
		ft := tags[file]
		switch {
		case strings.HasPrefix(line, "[System]"), strings.Contains(line, "ExifToolVersion"), !strings.HasPrefix(line, "["):
		case strings.Contains(line, "GPS"):
			ft.gps = append(ft.gps, line)
		default:
			ft.other = append(ft.other, line)
		}
		tags[file] = ft
	}
	for _, ft := range tags {
		slices.Sort(ft.other)
	}
	return tags
}

// pixels is what ImageMagick decodes from a file, as 8-bit RGBA.
func pixels(t *testing.T, path string) []byte {
	t.Helper()
	return run(t, "convert", path, "-depth", "8", "rgba:-")
}

// TestWithExiftoolAndImageMagick checks removals with the reference tools:
// exiftool must read the same metadata before and after, GPS aside, and
// no GPS after; ImageMagick must decode the same pixels. The files are
// the Go-built ones of the other tests and files made by ImageMagick and
// tagged by exiftool, in every format.
func TestWithExiftoolAndImageMagick(t *testing.T) {
	needTool(t, "exiftool", "libimage-exiftool-perl")
	needTool(t, "convert", "imagemagick")
	dir := t.TempDir()
	files := map[string][]byte{}
	tiff := buildEXIF(exifSpec{bo: binary.LittleEndian, order: layouts[3], gps: true, thumb: plainJPEG(t, 8, 6)})
	files["go.jpg"] = withJPEGSegments(plainJPEG(t, 40, 30), exifSegment(tiff), xmpSegment(testXMP), iccSegment())
	files["go.png"] = withPNGChunks(plainPNG(t, 40, 30), iccpChunk(), pngChunk("eXIf", tiff),
		pngChunk("iTXt", append([]byte("XML:com.adobe.xmp\x00\x01\x00\x00\x00"), zlibBytes([]byte(testXMP))...)))
	files["go.webp"] = webpWith(t, tiff, testICC, riffChunk("XMP ", []byte(testXMP)))
	for name, b := range madeByTools(t, dir) {
		files[name] = b
	}
	var paths []string
	for name, orig := range files {
		out, rep, err := imagemeta.StripLocation(orig)
		if err != nil || !rep.Changed() {
			t.Fatalf("%s: %q, %v", name, rep, err)
		}
		for prefix, b := range map[string][]byte{"before-": orig, "after-": out} {
			path := filepath.Join(dir, prefix+name)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, path)
		}
	}
	tags := exiftoolAll(t, paths)
	for name := range files {
		t.Run(name, func(t *testing.T) {
			before, after := filepath.Join(dir, "before-"+name), filepath.Join(dir, "after-"+name)
			crossCheck(t, tags[before], tags[after])
			if strings.HasPrefix(name, "go.") && !slices.Contains(tags[after].other, "[ICC_Profile] ProfileDescription: s3share test profile") {
				t.Error("exiftool does not read the colour profile after")
			}
			if !bytes.Equal(pixels(t, before), pixels(t, after)) {
				t.Error("ImageMagick decodes other pixels")
			}
		})
	}
}

// crossCheck compares what exiftool reads before and after.
func crossCheck(t *testing.T, before, after exifTags) {
	if len(before.gps) == 0 || len(after.gps) != 0 {
		t.Errorf("exiftool reads GPS tags: %d before, after %q", len(before.gps), after.gps)
	}
	if !slices.Equal(before.other, after.other) {
		t.Errorf("exiftool reads other tags:\nbefore %q\nafter  %q", before.other, after.other)
	}
	for _, want := range []string{"[IFD0] Make: TestCam", "[IFD0] Orientation: 6"} {
		if !slices.Contains(after.other, want) {
			t.Errorf("exiftool does not read %q after", want)
		}
	}
}

// madeByTools makes a JPEG with ImageMagick, tags it with exiftool (GPS in
// EXIF and XMP, make, model, orientation), and converts it with
// ImageMagick to PNG, WebP, HEIC and AVIF, tagging those again where
// ImageMagick drops the metadata.
func madeByTools(t *testing.T, dir string) map[string][]byte {
	src := filepath.Join(dir, "src.png")
	if err := os.WriteFile(src, plainPNG(t, 48, 32), 0o600); err != nil {
		t.Fatal(err)
	}
	tags := []string{"-q", "-overwrite_original", "-GPSLatitude=48.8583", "-GPSLatitudeRef=N",
		"-GPSLongitude=2.2945", "-GPSLongitudeRef=E", "-GPSAltitude=35", "-Make=TestCam", "-Model=Model X100",
		"-Orientation#=6"}
	jpg := filepath.Join(dir, "im.jpg")
	run(t, "convert", src, jpg)
	run(t, "exiftool", append(tags, "-XMP-exif:GPSLatitude=48.8583", "-XMP-exif:GPSLongitude=2.2945", "-XMP-dc:Title=Tower", jpg)...)
	out := map[string][]byte{}
	for _, ext := range []string{"jpg", "png", "webp", "heic", "avif"} {
		path := filepath.Join(dir, "im."+ext)
		if ext != "jpg" {
			run(t, "convert", jpg, path)
		}
		if ext == "heic" || ext == "avif" {
			run(t, "exiftool", append(tags, path)...)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out["im."+ext] = b
	}
	return out
}
