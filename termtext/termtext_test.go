package termtext

import (
	"fmt"
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
		{"mark\u200egnp.exe \u200f \u061c", `mark\u200egnp.exe \u200f \u061c`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"\x01", `\x01`},
	}
	for _, c := range cases {
		if got := Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// bidiControls are every character that reorders how a line reads: the
// embeddings and overrides, the isolates, and the three directional marks.
var bidiControls = []rune{
	0x202a, 0x202b, 0x202c, 0x202d, 0x202e, // LRE, RLE, PDF, LRO, RLO
	0x2066, 0x2067, 0x2068, 0x2069, // LRI, RLI, FSI, PDI
	0x200e, 0x200f, 0x061c, // LRM, RLM, ALM
}

func TestEscapeWritesEveryBidiControlVisibly(t *testing.T) {
	for _, r := range bidiControls {
		in := "rtl" + string(r) + "gnp.exe"
		want := fmt.Sprintf(`rtl\u%04xgnp.exe`, r)
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if got := EscapeBidi(in); got != want {
			t.Errorf("EscapeBidi(%q) = %q, want %q", in, got, want)
		}
		if !IsBidiControl(r) {
			t.Errorf("IsBidiControl(%U) = false", r)
		}
	}
	for _, r := range []rune{'a', '\n', 0x9b, 0x200d, 0x2028, 0x202f, 0x2065, 0x206a, 0x05d0} {
		if IsBidiControl(r) {
			t.Errorf("IsBidiControl(%U) = true", r)
		}
	}
}

func TestEscapeBidiKeepsEverythingElse(t *testing.T) {
	cases := []struct{ in, want string }{
		{"photos/cat.png", "photos/cat.png"},
		{"line\nbreak\x1b[31m\u0085 \\u202e", "line\nbreak\x1b[31m\u0085 \\u202e"},
		{"שלום.png", "שלום.png"},
		{"a\u2067b\u2069c\u202e", `a\u2067b\u2069c\u202e`},
		{"bad\xff\u202e", "bad\xff" + `\u202e`},
	}
	for _, c := range cases {
		if got := EscapeBidi(c.in); got != c.want {
			t.Errorf("EscapeBidi(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzEscape: the output never holds a control character and is never
// shorter than the input's printable part.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a", "\x1b]52;c;AAAA\x07", "\u202e", "\xc3", "a\u200f\xe2\u061c"} {
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
		bidi := EscapeBidi(s)
		if strings.IndexFunc(bidi, IsBidiControl) >= 0 {
			t.Fatalf("EscapeBidi(%q) = %q still holds a bidi control", s, bidi)
		}
		if strings.IndexFunc(s, IsBidiControl) < 0 && bidi != s {
			t.Fatalf("EscapeBidi changed text without bidi controls: %q -> %q", s, bidi)
		}
	})
}

func BenchmarkEscapeSafe(b *testing.B) {
	s := "clients/acme/2026/product-shots/very-long-name-of-a-photo-0001.jpg"
	for b.Loop() {
		_ = Escape(s)
	}
}
