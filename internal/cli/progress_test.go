package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestProgressLine(t *testing.T) {
	p := &progressBar{what: "photo.jpg", total: 64_000_000, width: 80}
	for _, tc := range []struct {
		sent    int64
		elapsed time.Duration
		want    []string
	}{
		{0, 0, []string{"uploading photo.jpg   0% [░", "░] 0 B / 64 MB"}},
		{32_000_000, 4 * time.Second, []string{" 50% [████", "░] 32 MB / 64 MB  8.0 MB/s  4s left"}},
		{64_000_000, 8 * time.Second, []string{"100% [████", "█] 64 MB / 64 MB  8.0 MB/s  0s left"}},
		{-5, time.Second, []string{"  0% [", "0 B / 64 MB"}},           // a failed part gave back more than was counted
		{70_000_000, time.Second, []string{"100% [", "64 MB / 64 MB"}}, // never over the total
	} {
		line := p.line(tc.sent, tc.elapsed)
		for _, want := range tc.want {
			if !strings.Contains(line, want) {
				t.Errorf("line(%d, %v) = %q, want %q in it", tc.sent, tc.elapsed, line, want)
			}
		}
		if n := utf8.RuneCountInString(line); n >= p.width {
			t.Errorf("line(%d, %v) is %d columns, wider than the terminal's %d", tc.sent, tc.elapsed, n, p.width)
		}
	}
	narrow := &progressBar{what: "a-very-long-file-name-for-a-narrow-terminal.jpg", total: 100, width: 40}
	if line := narrow.line(50, 2*time.Second); utf8.RuneCountInString(line) >= 40 || strings.Contains(line, "█") {
		t.Errorf("narrow terminal: %q", line)
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	var stderr bytes.Buffer
	g := &globals{stderr: &stderr, now: time.Now}
	bar := startProgress(g, "photo.jpg", 100)
	if bar != nil {
		t.Fatal("a progress bar on stderr that is not a terminal")
	}
	bar.add(50) // nil draws nothing and does not fail
	bar.finish()
	if stderr.Len() != 0 {
		t.Errorf("stderr got %q", stderr.String())
	}
}

func TestScreenshotName(t *testing.T) {
	at := time.Date(2026, 3, 1, 14, 23, 5, 0, time.Local)
	for typ, want := range map[string]string{
		"image/png": "screenshot-2026-03-01-142305.png", "image/jpeg": "screenshot-2026-03-01-142305.jpg",
		"image/webp": "screenshot-2026-03-01-142305.webp",
	} {
		if got := screenshotName(at, typ); got != want {
			t.Errorf("screenshotName(%s) = %q, want %q", typ, got, want)
		}
	}
}
