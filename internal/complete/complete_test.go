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
	Upload struct {
		Args []string `arg:"" completion:"files-s3-folder"`
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
		{[]string{""}, []string{"presign", "ls", "preview", "history", "revoke", "tagged", "upload"}},
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

// TestCompleteFilesThenFolder: put's arguments are files (the shell
// completes them) until a word starts with s3:, then folders.
func TestCompleteFilesThenFolder(t *testing.T) {
	for _, words := range [][]string{{"upload", ""}, {"upload", "a.jpg", "sh"}} {
		res := Complete(context.Background(), model(t), words, func(map[string]string) Source { return newFixture() })
		if !res.Files || len(res.Candidates) != 0 {
			t.Errorf("%q offers %+v, want file names", words, res)
		}
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
		{[]string{"upload", "a.jpg", "s3://demo-photos/"}, []string{"s3://demo-photos/designs/", "s3://demo-photos/docs/"}, "list demo-photos "},
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
		// Inside double quotes a backslash escapes only $ ` " \ (bash keeps it before anything else).
		{`s3share presign "s3://b/a\b\$c\"d\\e`, []string{"presign", `s3://b/a\b$c"d\e`}, `"s3://b/a\b\$c\"d\\e`},
		{`s3share presign 's3://b/it'\''s`, []string{"presign", "s3://b/it's"}, `'s3://b/it'\''s`},
		{`s3share presign s3://b/"My F`, []string{"presign", "s3://b/My F"}, `s3://b/"My F`},
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
		{"bidi controls dropped", Result{Candidates: []Candidate{{"s3://b/evil\u202egnp.exe", ""}, {"s3://b/\u2067x", ""}, {"s3://b/a\u200fb", ""}, {"s3://b/\u061cc", ""}, {"s3://b/ok", ""}}},
			"s3://b/", "//b/", "-\n//b/ok\n"},
		{"line separators dropped", Result{Candidates: []Candidate{{"s3://b/a\u2028b", ""}, {"s3://b/a\u2029b", ""}, {"s3://b/ok", ""}}}, "s3://b/", "//b/", "-\n//b/ok\n"},
		{"invalid UTF-8 dropped", Result{Candidates: []Candidate{{"s3://b/a\xffb", ""}, {"s3://b/ok", ""}}}, "s3://b/", "//b/", "-\n//b/ok\n"},
		{"a joiner in an emoji is kept", Result{Candidates: []Candidate{{"s3://b/\U0001F469\u200d\U0001F4BB.png", ""}}}, "s3://b/", "//b/", "-\n//b/\\\U0001F469\\\u200d\\\U0001F4BB.png\n"},
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

// TestWriteBashInQuotes: after an opening quote readline replaces the text
// after that quote and closes it itself after a single final match, so each
// candidate is written from there on, quoted for that quote.
func TestWriteBashInQuotes(t *testing.T) {
	cases := []struct {
		name        string
		values      []string
		rawCur, cur string
		want        string
	}{
		{"a folder inside double quotes", []string{"s3://photos/My Folder/"}, `"s3://photos/My F`, `"s3://photos/My F`,
			"nospace\ns3://photos/My Folder/\n"},
		{"a key inside double quotes", []string{"s3://photos/My Folder/a b.png"}, `"s3://photos/My Folder/a`, `"s3://photos/My Folder/a`,
			"-\ns3://photos/My Folder/a b.png\n"},
		{"what double quotes do not protect", []string{"s3://b/a\"b\\c$d`e.png"}, `"s3://b/a`, `"s3://b/a`,
			"-\n" + "s3://b/a\\\"b\\\\c\\$d\\`e.png\n"},
		{"! leaves double quotes (history expansion)", []string{"s3://b/wow!.png"}, `"s3://b/w`, `"s3://b/w`,
			"-\n" + `s3://b/wow"'!'".png` + "\n"},
		{"inside single quotes", []string{"s3://b/it's $5 \"ok\".png"}, `'s3://b/it`, `'s3://b/it`,
			"-\n" + `s3://b/it'\''s $5 "ok".png` + "\n"},
		{"a quote in the middle of the word", []string{"s3://photos/My Folder/"}, `s3://photos/"My F`, `//photos/"My F`,
			"nospace\nMy Folder/\n"},
		{"the typed part before the quote", []string{"s3://b/my big menu.png"}, `s3://b/my\ big" m`, `//b/my\ big" m`,
			"-\n menu.png\n"},
		{"a replacement that starts with the quote keeps the opening one", []string{"s3://b/'x.png"}, `s3://b/'`, `//b/'`,
			"-\n" + `''\''x.png` + "\n"},
		{"several, quoted alike", []string{"s3://b/a b/", "s3://b/a c.png"}, `"s3://b/a`, `"s3://b/a`,
			"-\ns3://b/a b/\ns3://b/a c.png\n"},
		{"a candidate that does not start with the typed part", []string{"s3://other/x"}, `s3://b/"x`, `//b/"x`, "-\n"},
		{"bidi controls dropped inside quotes too", []string{"s3://b/evil\u202egnp.exe", "s3://b/ok"}, `"s3://b/`, `"s3://b/`,
			"-\ns3://b/ok\n"},
	}
	for _, c := range cases {
		var res Result
		for _, v := range c.values {
			res.Candidates = append(res.Candidates, Candidate{Value: v})
		}
		var buf bytes.Buffer
		if err := Write(&buf, "bash", res, c.rawCur, c.cur); err != nil {
			t.Fatal(err)
		}
		if buf.String() != c.want {
			t.Errorf("%s: wrote %q, want %q", c.name, buf.String(), c.want)
		}
	}
}

// TestKeepQuoteOpen: bash closes an open quote after a lone match, a folder
// too, so a lone folder inside a quote comes with what it holds and bash
// inserts it without closing the quote.
func TestKeepQuoteOpen(t *testing.T) {
	cases := []struct {
		name   string
		words  []string
		rawCur string
		want   []string
		asked  string
	}{
		{"a lone folder and what it holds", []string{"presign", "s3://demo-photos/des"}, `"s3://demo-photos/des`,
			[]string{"s3://demo-photos/designs/", "s3://demo-photos/designs/icons/", "s3://demo-photos/designs/logo.png", "s3://demo-photos/designs/café menu.png"},
			"list demo-photos des,list demo-photos designs/"},
		{"a lone bucket", []string{"presign", "s3://l"}, `'s3://l`, []string{"s3://logs/", "s3://logs/2026/"}, "buckets,list logs "},
		{"ls: a folder without folders in it is final", []string{"ls", "s3://demo-photos/do"}, `"s3://demo-photos/do`,
			[]string{"s3://demo-photos/docs/"}, "list demo-photos do,list demo-photos docs/"},
		{"a lone key", []string{"presign", "s3://demo-photos/he"}, `"s3://demo-photos/he`, []string{"s3://demo-photos/hero.png"}, "list demo-photos he"},
		{"several", []string{"presign", "s3://demo-photos/d"}, `"s3://demo-photos/d`, []string{"s3://demo-photos/designs/", "s3://demo-photos/docs/"}, "list demo-photos d"},
		{"no open quote", []string{"presign", "s3://demo-photos/des"}, `s3://demo-photos/des`, []string{"s3://demo-photos/designs/"}, "list demo-photos des"},
		{"a closed quote", []string{"presign", "s3://demo-photos/des"}, `"s3://demo-photos/des"`, []string{"s3://demo-photos/designs/"}, "list demo-photos des"},
	}
	for _, c := range cases {
		src := newFixture()
		src.buckets = []string{"demo-photos", "logs"}
		src.objects["logs"] = []string{"2026/a.log"}
		newSource := func(map[string]string) Source { return src }
		res := Complete(context.Background(), model(t), c.words, newSource)
		res = KeepQuoteOpen(context.Background(), model(t), c.words, c.rawCur, newSource, res)
		var got []string
		for _, cand := range res.Candidates {
			got = append(got, cand.Value)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
		if asked := strings.Join(src.asked, ","); asked != c.asked {
			t.Errorf("%s: asked %q, want %q", c.name, asked, c.asked)
		}
	}
}

// TestKeepQuoteOpenSkipsUnsafeSiblings: a folder is alone when the only
// other candidate is one Write drops.
func TestKeepQuoteOpenSkipsUnsafeSiblings(t *testing.T) {
	src := &source{objects: map[string][]string{"b": {"My Folder/a.png", "My F\u202eolder/x.png"}}}
	newSource := func(map[string]string) Source { return src }
	words := []string{"presign", "s3://b/My F"}
	res := Complete(context.Background(), model(t), words, newSource)
	res = KeepQuoteOpen(context.Background(), model(t), words, `"s3://b/My F`, newSource, res)
	var buf bytes.Buffer
	if err := Write(&buf, "bash", res, `"s3://b/My F`, `"s3://b/My F`); err != nil {
		t.Fatal(err)
	}
	if want := "-\ns3://b/My Folder/\ns3://b/My Folder/a.png\n"; buf.String() != want {
		t.Errorf("wrote %q, want %q", buf.String(), want)
	}
}

func TestWriteZshFish(t *testing.T) {
	res := Result{Candidates: []Candidate{{"12", "s3://b/\x1b[2Jk.png,\tactive"}, {"s3://b/", "bucket"}, {"s3://b/evil\u202egnp.exe", ""}, {"s3://b/\u200fx", ""}}}
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
