package accesslog

import (
	"bytes"
	"strings"
	"testing"
)

// benchLines is a realistic mix: presigned GETs with browser user agents,
// a HEAD, an error, the documented samples.
func benchLines() []string {
	browser := "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	return []string{
		presignedLine("Proofs%2520for%2520Bo/a%252Bb%2525.png", presignedURI, browser),
		presignedLine("Proofs%2520for%2520Bo/a%252Bb%2525.png", presignedURI, "curl/8.5.0"),
		strings.Replace(presignedLine("b.png", "/photos/b.png", browser), "REST.GET.OBJECT", "REST.HEAD.OBJECT", 1),
		strings.Replace(presignedLine("c.png", presignedURI, browser), `200 - 5120`, `403 AccessDenied 243`, 1),
		sample1, sample3, sample5, sampleNew,
	}
}

// BenchmarkParse parses one line per iteration; the target is 200,000
// records/s on one core.
func BenchmarkParse(b *testing.B) {
	lines := benchLines()
	var r Record
	n := 0
	for b.Loop() {
		if err := Parse(lines[n%len(lines)], &r); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkScan reads a 10,000-line log object's body through a Scanner
// (line splitting and one string per line included) per iteration.
func BenchmarkScan(b *testing.B) {
	lines := benchLines()
	var body bytes.Buffer
	for i := range 10_000 {
		body.WriteString(lines[i%len(lines)])
		body.WriteByte('\n')
	}
	data := body.Bytes()
	b.SetBytes(int64(len(data)))
	n := 0
	for b.Loop() {
		sc, err := NewScanner(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for sc.Scan() {
			n++
		}
		if sc.Bad() != 0 {
			b.Fatalf("%d bad lines", sc.Bad())
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
