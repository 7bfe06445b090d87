package accesslog

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// scanAll reads every record of body.
func scanAll(t *testing.T, body []byte) (*Scanner, []Record) {
	t.Helper()
	sc, err := NewScanner(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("NewScanner: %v", err)
	}
	var recs []Record
	for sc.Scan() {
		recs = append(recs, *sc.Record())
	}
	return sc, recs
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestScannerCountsAndSkipsBadLines(t *testing.T) {
	long := presignedLine("a.png", "/photos/a.png", strings.Repeat("L", 200<<10)) // longer than the buffer, shorter than the limit
	tooLong := presignedLine("a.png", "/photos/a.png", strings.Repeat("X", 2*MaxLineBytes))
	body := strings.Join([]string{sample1, "", "garbage line", long, "\x1b[2J\x1b[H fake prompt $ ", tooLong, sample3 + "\r", sample5}, "\n")
	for name, data := range map[string][]byte{"plain": []byte(body), "gzip": gzipped(t, body), "no final newline": []byte(body + "\n")} {
		t.Run(name, func(t *testing.T) {
			sc, recs := scanAll(t, data)
			if err := sc.Err(); err != nil {
				t.Fatalf("Err: %v", err)
			}
			if len(recs) != 4 || sc.Bad() != 3 || sc.Lines() != 7 {
				t.Fatalf("%d records, %d bad of %d lines; want 4, 3 of 7", len(recs), sc.Bad(), sc.Lines())
			}
			if recs[0].RequestID != "3E57427F3EXAMPLE" || len(recs[1].UserAgent) != 200<<10 || recs[2].ErrorCode != "NoSuchBucketPolicy" || recs[3].Key != "s3-dg.pdf" {
				t.Errorf("records %q %d %q %q", recs[0].RequestID, len(recs[1].UserAgent), recs[2].ErrorCode, recs[3].Key)
			}
			if !errors.Is(sc.LastBad(), ErrBadLine) {
				t.Errorf("LastBad = %v", sc.LastBad())
			}
		})
	}
}

func TestScannerReadsOneByteAtATime(t *testing.T) {
	body := sample1 + "\n" + sample5 + "\n"
	sc, err := NewScanner(iotest.OneByteReader(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for sc.Scan() {
		n++
	}
	if n != 2 || sc.Err() != nil {
		t.Errorf("%d records, err %v", n, sc.Err())
	}
}

func TestScannerRefusesWhatIsNotALog(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	zipped := gzipped(t, sample1+"\n"+sample3+"\n")
	cases := map[string][]byte{
		"a PNG":              png,
		"binary noise":       bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8}, 100),
		"gzip of binary":     gzipped(t, string(png)),
		"a broken gzip head": {0x1f, 0x8b, 0x08, 0xff, 0x00},
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := NewScanner(bytes.NewReader(body)); !errors.Is(err, ErrNotLog) {
				t.Fatalf("NewScanner = %v, want ErrNotLog", err)
			}
		})
	}
	t.Run("gzip cut short", func(t *testing.T) {
		sc, err := NewScanner(bytes.NewReader(zipped[:len(zipped)-12]))
		if err == nil {
			for sc.Scan() {
			}
			err = sc.Err()
		}
		if !errors.Is(err, ErrNotLog) {
			t.Fatalf("err = %v, want ErrNotLog", err)
		}
	})
	t.Run("a read error is kept", func(t *testing.T) {
		boom := errors.New("connection reset")
		sc, err := NewScanner(io.MultiReader(strings.NewReader(sample1+"\n"), iotest.ErrReader(boom)))
		if err == nil {
			for sc.Scan() {
			}
			err = sc.Err()
		}
		if !errors.Is(err, boom) || errors.Is(err, ErrNotLog) {
			t.Fatalf("err = %v, want the read error", err)
		}
	})
	t.Run("empty is a log with no records", func(t *testing.T) {
		sc, recs := scanAll(t, nil)
		if len(recs) != 0 || sc.Err() != nil || sc.Lines() != 0 {
			t.Errorf("%d records, err %v", len(recs), sc.Err())
		}
	})
	t.Run("text that is not a log is bad lines, not an error", func(t *testing.T) {
		sc, recs := scanAll(t, []byte("# README\nThese are our logs.\n"))
		if len(recs) != 0 || sc.Err() != nil || sc.Bad() != 2 {
			t.Errorf("%d records, %d bad, err %v", len(recs), sc.Bad(), sc.Err())
		}
	})
}
