package accesslog

import (
	"errors"
	"testing"
	"time"
)

func TestParseLocation(t *testing.T) {
	good := map[string]Location{
		"s3://logs/access/":     {Bucket: "logs", Prefix: "access/"},
		"s3://logs/access-":     {Bucket: "logs", Prefix: "access-"},
		"s3://logs":             {Bucket: "logs"},
		"s3://logs/":            {Bucket: "logs"},
		"s3://my.logs/a/b/c/d/": {Bucket: "my.logs", Prefix: "a/b/c/d/"},
	}
	for in, want := range good {
		got, err := ParseLocation(in)
		if err != nil || got != want {
			t.Errorf("ParseLocation(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "logs/access/", "s3://", "s3://Logs/", "s3://lo/", "s3://logs//x", "https://logs.s3.amazonaws.com/x"} {
		if _, err := ParseLocation(bad); !errors.Is(err, ErrBadLocation) {
			t.Errorf("ParseLocation(%q) = %v, want ErrBadLocation", bad, err)
		}
	}
}

func TestKeyLayouts(t *testing.T) {
	at := time.Date(2026, 12, 5, 14, 5, 9, 0, time.UTC)
	since := at.Add(3 * time.Hour)
	if got, want := simpleStartAfter("access/", since), "access/2026-12-05-16-05-09"; got != want {
		t.Errorf("simpleStartAfter = %q, want %q", got, want)
	}
	root := partitionRoot("access/", "123456789012", "eu-west-1", "photos")
	if got, want := partitionedStartAfter(root, since), "access/123456789012/eu-west-1/photos/2026/12/05/"; got != want {
		t.Errorf("partitionedStartAfter = %q, want %q", got, want)
	}
	if simpleStartAfter("access/", time.Time{}) != "" || partitionedStartAfter(root, time.Time{}) != "" {
		t.Error("a zero since does not list from the start")
	}
	simple := map[string]bool{
		"access/2026-12-05-14-05-09-0A1B2C3D4E5F6789": true,
		"access/2026-12-05-14-05-09-":                 false,
		"access/2026-12-05-14-05-09":                  false,
		"access/2026-13-05-14-05-09-0A1B":             false,
		"access/README":                               false,
		"access/123456789012/eu-west-1/photos/2026/12/05/2026-12-05-14-05-09-0A1B": false,
		"other/2026-12-05-14-05-09-0A1B":                                           false,
	}
	for key, want := range simple {
		got, ok := simpleKeyTime("access/", key)
		if ok != want || ok && !got.Equal(at) {
			t.Errorf("simpleKeyTime(%q) = %v, %v", key, got, ok)
		}
	}
	partitioned := map[string]bool{
		root + "2026/12/05/2026-12-05-14-05-09-0A1B2C3D4E5F6789": true,
		root + "2026/12/05/":                        false,
		root + "2026/12/5/2026-12-05-14-05-09-0A1B": false,
		root + "2026-12-05-14-05-09-0A1B":           false,
		"access/2026-12-05-14-05-09-0A1B":           false,
	}
	for key, want := range partitioned {
		got, ok := partitionedKeyTime(root, key)
		if ok != want || ok && !got.Equal(at) {
			t.Errorf("partitionedKeyTime(%q) = %v, %v", key, got, ok)
		}
	}
	// Both layouts sort by time, so StartAfter skips exactly what is older.
	if k := "access/2026-12-05-16-05-08-FFFF"; k > simpleStartAfter("access/", since) {
		t.Errorf("%q sorts after the start", k)
	}
	loc := Location{Bucket: "logs", Prefix: "access/"}
	for key, want := range map[string]bool{
		"access/2026-12-05-14-05-09-0A1B": true, root + "2026/12/05/2026-12-05-14-05-09-0A1B": true,
		"access/README": false, "access/1/2/3/README": false, "other/2026-12-05-14-05-09-0A1B": false,
	} {
		got, ok := loc.KeyTime(key)
		if ok != want || ok && !got.Equal(at) {
			t.Errorf("KeyTime(%q) = %v, %v", key, got, ok)
		}
	}
}
