package termtext

import (
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	cases := []struct{ in, want string }{
		{"photos/cat.png", "photos/cat.png"},
		{"café ☕ 🐈.jpg", "café ☕ 🐈.jpg"},
		{`back\slash`, `back\slash`},
		{"\x1b[2J\x1b[31mRED", `\x1b[2J\x1b[31mRED`},
		{"client\nFAKE 99 active", `client\nFAKE 99 active`},
		{"a\rb\tc", `a\rb\tc`},
		{"nul\x00del\x7f", `nul\x00del\x7f`},
		{"c1\u0085\u009b", `c1\u0085\u009b`},
		{"evil\u202egnp.exe", `evil\u202egnp.exe`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"\x01", `\x01`},
	}
	for _, c := range cases {
		if got := Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzEscape: the output never holds a control character and is never
// shorter than the input's printable part.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a", "\x1b]52;c;AAAA\x07", "\u202e", "\xc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if firstUnsafe(out) >= 0 {
			t.Fatalf("Escape(%q) = %q still holds a control character", s, out)
		}
		if firstUnsafe(s) < 0 && out != s {
			t.Fatalf("safe text changed: %q -> %q", s, out)
		}
		if strings.ContainsAny(out, "\x1b\n\r") {
			t.Fatalf("raw control in %q", out)
		}
	})
}

func BenchmarkEscapeSafe(b *testing.B) {
	s := "clients/acme/2026/product-shots/very-long-name-of-a-photo-0001.jpg"
	for b.Loop() {
		_ = Escape(s)
	}
}
