package accesslog

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{sample1, sample3, sample5, sampleNew, sampleOld,
		presignedLine("Proofs%2520for%2520Bo/a.png", presignedURI, `Mozilla/5.0 "q" \"e\" end`),
		presignedLine("a.png", `/photos/a.png?x=" 200 -`, "ua"),
		presignedLine("a\xff.png", "/photos/a.png", "evil\x1b[2J\x1b]52;c;aGk=\x07 \u202egnp.exe \xc3\x28"),
		owner + ` photos [05/Dec/2026:14:05:09 +0000] 203.0.113.7 - 9F1A REST.COPY.OBJECT_GET a.png - 200 - - 5 - - - - -`,
		`- photos [05/December/2026:14:05:09 +0000] 127.0.0.1 AK 17E5 s3_GetObject a.png /photos/a.png 200 - 5 5 1 1 - curl/8 x -`,
		"", "-", `"`, `[`, `a b [06/Feb/2019:00:00:38 +0000] c d e f g "h" 200 - - - - - "`, "\x00\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var r Record
		err := Parse(line, &r)
		if err != nil {
			var le *LineError
			if !errors.Is(err, ErrBadLine) || !errors.As(err, &le) {
				t.Fatalf("Parse error %v is not a *LineError", err)
			}
			return
		}
		if r.Bucket == "" || r.Time.Location().String() != "UTC" || r.Status < 0 || r.Status > 999 ||
			r.BytesSent < 0 || r.ObjectSize < -1 || r.TotalTime < -1 || r.TurnAround < -1 {
			t.Fatalf("Parse(%q) accepted %+v", line, r)
		}
		for _, s := range r.stringFields() {
			if !strings.Contains(line, *s) {
				t.Fatalf("Parse(%q): field %q is not part of the line", line, *s)
			}
		}
		esc := r.Escaped()
		for _, s := range esc.stringFields() {
			if strings.ContainsFunc(*s, func(c rune) bool { return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) }) {
				t.Fatalf("Escaped left a control character in %q", *s)
			}
		}
		// The same line read by a Scanner gives the same record.
		if strings.ContainsAny(line, "\r\n") {
			return // a Scanner splits it, or trims every line break
		}
		sc, err := NewScanner(strings.NewReader(line + "\n"))
		if err != nil {
			return // binary-looking: refused as a whole, fine
		}
		if !sc.Scan() || *sc.Record() != r {
			t.Fatalf("Scanner disagrees with Parse on %q", line)
		}
	})
}
