package complete

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

// grammar is a small command line shaped like s3share's.
type grammar struct {
	EndpointURL string `name:"endpoint-url"`
	PathStyle   bool   `name:"path-style"`
	HistoryPath string `name:"history"`
	Secret      string `hidden:""`
	PrintLinks  bool   `name:"print-links" negatable:""`

	Presign struct {
		Locations []string `arg:"" name:"s3://BUCKET/KEY"`
		Expires   string
		Format    string `enum:"url,markdown,json" default:"url"`
		Revocable bool
	} `cmd:""`
	Ls struct {
		Location string `arg:"" name:"location" completion:"s3-folder"`
	} `cmd:""`
	Preview struct {
		Location string `arg:"" name:"location"`
	} `cmd:""`
	History struct {
		List struct{} `cmd:"" default:"withargs"`
		Rm   struct {
			ID int64 `arg:""`
		} `cmd:""`
		Prune struct{} `cmd:""`
	} `cmd:""`
	Revoke struct {
		IDs []int64 `arg:"" name:"ID"`
	} `cmd:""`
	Tagged struct {
		Where string `arg:"" completion:"s3-folder"`
	} `cmd:""`
	Internal struct{} `cmd:"" hidden:""`
}

func model(t *testing.T) *kong.Application {
	t.Helper()
	k, err := kong.New(&grammar{}, kong.Name("s3share"))
	if err != nil {
		t.Fatal(err)
	}
	return k.Model
}

// source is a Source over fixed data that records what it was asked.
type source struct {
	flags   map[string]string
	buckets []string
	objects map[string][]string // bucket -> every key
	ids     []Candidate
	asked   []string
}

func (s *source) Buckets(context.Context) ([]string, error) {
	s.asked = append(s.asked, "buckets")
	return s.buckets, nil
}

// List behaves like a delimiter listing: folders, then objects, directly
// under the prefix's folder, starting with prefix.
func (s *source) List(_ context.Context, bucket, prefix string) ([]string, error) {
	s.asked = append(s.asked, "list "+bucket+" "+prefix)
	keys, ok := s.objects[bucket]
	if !ok {
		return nil, errors.New("NoSuchBucket")
	}
	var folders, objects []string
	seen := map[string]bool{}
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if i := strings.Index(k[len(prefix):], "/"); i >= 0 {
			if f := k[:len(prefix)+i+1]; !seen[f] {
				seen[f] = true
				folders = append(folders, f)
			}
			continue
		}
		objects = append(objects, k)
	}
	return append(folders, objects...), nil
}

func (s *source) IDs(_ context.Context, command string) ([]Candidate, error) {
	s.asked = append(s.asked, "ids "+command)
	return s.ids, nil
}

func newFixture() *source {
	return &source{
		buckets: []string{"demo-photos", "demo-screens", "logs"},
		objects: map[string][]string{"demo-photos": {"hero.png", "designs/logo.png", "designs/café menu.png", "designs/icons/home.png", "docs/a.txt"}},
		ids:     []Candidate{{"12", "s3://demo-photos/hero.png"}, {"7", "s3://demo-photos/x.png"}, {"3", "old"}},
	}
}

// run completes the words and returns the values offered.
func run(t *testing.T, src *source, words ...string) (values []string, res Result) {
	t.Helper()
	res = Complete(context.Background(), model(t), words, func(flags map[string]string) Source {
		src.flags = flags
		return src
	})
	for _, c := range res.Candidates {
		values = append(values, c.Value)
	}
	return values, res
}

func TestCompleteCommandsAndFlags(t *testing.T) {
	cases := []struct {
		words []string
		want  []string
	}{
		{[]string{""}, []string{"presign", "ls", "preview", "history", "revoke", "tagged"}},
		{[]string{"h"}, []string{"history"}},
		{[]string{"history", ""}, []string{"list", "rm", "prune"}},
		{[]string{"history", "p"}, []string{"prune"}},
		{[]string{"--"}, []string{"--help", "--endpoint-url", "--path-style", "--history", "--print-links", "--no-print-links"}},
		{[]string{"presign", "--"}, []string{"--expires", "--format", "--revocable", "--help", "--endpoint-url", "--path-style", "--history", "--print-links", "--no-print-links"}},
		{[]string{"--no"}, []string{"--no-print-links"}},
		{[]string{"--no-print-links", "pres"}, []string{"presign"}},
		{[]string{"presign", "--f"}, []string{"--format"}},
		{[]string{"presign", "--format", ""}, []string{"url", "markdown", "json"}},
		{[]string{"presign", "--format", "m"}, []string{"markdown"}},
		{[]string{"presign", "--expires", ""}, nil},
		{[]string{"--endpoint-url", "http://x", "pres"}, []string{"presign"}},
		{[]string{"--path-style", "l"}, []string{"ls"}},
		{[]string{"nothing", ""}, nil},
	}
	for _, c := range cases {
		src := newFixture()
		got, _ := run(t, src, c.words...)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.words, got, c.want)
		}
		if len(src.asked) > 0 {
			t.Errorf("%q asked the source %q: commands and flags need no lookup", c.words, src.asked)
		}
	}
}

func TestCompleteFileFlag(t *testing.T) {
	_, res := run(t, newFixture(), "--history", "")
	if !res.Files || len(res.Candidates) != 0 {
		t.Errorf("--history offers %+v, want file names", res)
	}
}

func TestCompleteS3(t *testing.T) {
	cases := []struct {
		words []string
		want  []string
		asked string
	}{
		{[]string{"presign", ""}, []string{"s3://demo-photos/", "s3://demo-screens/", "s3://logs/"}, "buckets"},
		{[]string{"presign", "s3:"}, []string{"s3://demo-photos/", "s3://demo-screens/", "s3://logs/"}, "buckets"},
		{[]string{"presign", "s3://de"}, []string{"s3://demo-photos/", "s3://demo-screens/"}, "buckets"},
		{[]string{"presign", "s3://demo-photos/"}, []string{"s3://demo-photos/designs/", "s3://demo-photos/docs/", "s3://demo-photos/hero.png"}, "list demo-photos "},
		{[]string{"presign", "s3://demo-photos/d"}, []string{"s3://demo-photos/designs/", "s3://demo-photos/docs/"}, "list demo-photos d"},
		{[]string{"presign", "s3://demo-photos/designs/"}, []string{"s3://demo-photos/designs/icons/", "s3://demo-photos/designs/logo.png", "s3://demo-photos/designs/café menu.png"}, "list demo-photos designs/"},
		{[]string{"presign", "s3://demo-photos/hero.png", "s3://demo-photos/h"}, []string{"s3://demo-photos/hero.png"}, "list demo-photos h"},
		{[]string{"ls", "s3://demo-photos/designs/"}, []string{"s3://demo-photos/designs/icons/"}, "list demo-photos designs/"},
		{[]string{"preview", "s3://demo-photos/designs/"}, []string{"s3://demo-photos/designs/icons/", "s3://demo-photos/designs/logo.png", "s3://demo-photos/designs/café menu.png"}, "list demo-photos designs/"},
		{[]string{"tagged", "s3://demo-photos/"}, []string{"s3://demo-photos/designs/", "s3://demo-photos/docs/"}, "list demo-photos "},
		{[]string{"presign", "s3://nope/"}, nil, "list nope "},
		{[]string{"presign", "/tmp/x"}, nil, ""},
	}
	for _, c := range cases {
		src := newFixture()
		got, _ := run(t, src, c.words...)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.words, got, c.want)
		}
		if asked := strings.Join(src.asked, ","); asked != c.asked {
			t.Errorf("%q asked %q, want %q", c.words, asked, c.asked)
		}
	}
}

// TestCompleteUsesFlagsOnTheLine: the endpoint typed before the location is
// the one listed.
func TestCompleteUsesFlagsOnTheLine(t *testing.T) {
	src := newFixture()
	run(t, src, "--endpoint-url", "http://127.0.0.1:9000", "--path-style", "--history=/h.db", "presign", "s3://")
	want := map[string]string{"endpoint-url": "http://127.0.0.1:9000", "path-style": "true", "history": "/h.db"}
	if !reflect.DeepEqual(src.flags, want) {
		t.Errorf("source built with %v, want %v", src.flags, want)
	}
}

func TestCompleteHistoryIDs(t *testing.T) {
	cases := []struct {
		words []string
		want  []string
		asked string
	}{
		{[]string{"history", "rm", ""}, []string{"12", "7", "3"}, "ids history rm"},
		{[]string{"history", "rm", "1"}, []string{"12"}, "ids history rm"},
		{[]string{"history", "rm", "12", ""}, nil, ""}, // rm takes one id
		{[]string{"revoke", "12", ""}, []string{"7", "3"}, "ids revoke"},
	}
	for _, c := range cases {
		src := newFixture()
		got, _ := run(t, src, c.words...)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.words, got, c.want)
		}
		if asked := strings.Join(src.asked, ","); asked != c.asked {
			t.Errorf("%q asked %q, want %q", c.words, asked, c.asked)
		}
	}
}

func TestSplitLine(t *testing.T) {
	cases := []struct {
		line    string
		words   []string
		rawLast string
	}{
		{"s3share ", []string{""}, ""},
		{"s3share", []string{""}, "s3share"},
		{"s3share presign s3://de", []string{"presign", "s3://de"}, "s3://de"},
		{"s3share  presign   ", []string{"presign", ""}, ""},
		{`s3share presign s3://b/caf\ menu`, []string{"presign", "s3://b/caf menu"}, `s3://b/caf\ menu`},
		{`s3share presign 's3://b/a b' "x y`, []string{"presign", "s3://b/a b", "x y"}, `"x y`},
		{`s3share --history="/tmp/my h.db" ls`, []string{"--history=/tmp/my h.db", "ls"}, "ls"},
	}
	for _, c := range cases {
		words, raw := SplitLine(c.line)
		if !reflect.DeepEqual(words, c.words) || raw != c.rawLast {
			t.Errorf("SplitLine(%q) = %q, %q; want %q, %q", c.line, words, raw, c.words, c.rawLast)
		}
	}
}

func TestWriteBash(t *testing.T) {
	cases := []struct {
		name        string
		res         Result
		rawCur, cur string
		want        string
	}{
		{"bash splits s3://de at the colon", Result{Candidates: []Candidate{{"s3://demo-photos/", "bucket"}, {"s3://demo-screens/", ""}}},
			"s3://de", "//de", "nospace\n//demo-photos/\n//demo-screens/\n"},
		{"the colon is its own word", Result{Candidates: []Candidate{{"s3://logs/", ""}}}, "s3:", ":", "nospace\n://logs/\n"},
		{"no colon in the word", Result{Candidates: []Candidate{{"presign", "help"}}}, "pre", "pre", "-\npresign\n"},
		{"spaces escaped", Result{Candidates: []Candidate{{"s3://b/café menu.png", ""}}}, `s3://b/caf`, "//b/caf", "-\n" + `//b/café\ menu.png` + "\n"},
		{"shell characters escaped", Result{Candidates: []Candidate{{"s3://b/a$(x)&;'.png", ""}}}, "s3://b/", "//b/", "-\n" + `//b/a\$\(x\)\&\;\'.png` + "\n"},
		{"control characters dropped", Result{Candidates: []Candidate{{"s3://b/\x1b[31mred", ""}, {"s3://b/ok", ""}}}, "s3://b/", "//b/", "-\n//b/ok\n"},
		{"files", Result{Files: true}, "", "", "files\n"},
		{"nothing", Result{}, "x", "x", "-\n"},
	}
	for _, c := range cases {
		var buf bytes.Buffer
		if err := Write(&buf, "bash", c.res, c.rawCur, c.cur); err != nil {
			t.Fatal(err)
		}
		if buf.String() != c.want {
			t.Errorf("%s: wrote %q, want %q", c.name, buf.String(), c.want)
		}
	}
}

func TestWriteZshFish(t *testing.T) {
	res := Result{Candidates: []Candidate{{"12", "s3://b/\x1b[2Jk.png,\tactive"}, {"s3://b/", "bucket"}}}
	for _, shell := range []string{"zsh", "fish"} {
		var buf bytes.Buffer
		if err := Write(&buf, shell, res, "", ""); err != nil {
			t.Fatal(err)
		}
		want := "-\n12\ts3://b/\\x1b[2Jk.png, active\ns3://b/\tbucket\n"
		if buf.String() != want {
			t.Errorf("%s: wrote %q, want %q (descriptions escaped, one line)", shell, buf.String(), want)
		}
	}
}

func TestScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		s, err := Script(shell)
		if err != nil || !strings.Contains(s, "__complete "+shell) || !strings.Contains(s, "s3share completion "+shell) {
			t.Errorf("%s script does not call __complete %s or say how to load it: %v\n%s", shell, shell, err, s)
		}
	}
	if _, err := Script("tcsh"); err == nil || !strings.Contains(err.Error(), "bash, zsh or fish") {
		t.Errorf("tcsh: %v", err)
	}
}
