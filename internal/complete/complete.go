// Package complete completes s3share command lines for the shells: command
// and flag names from the kong model, s3:// locations from a live S3
// listing, and history ids. The shell scripts (Script) call the hidden
// `s3share __complete` command, which calls Complete and writes the answer
// with Write.
package complete

import (
	"context"
	"slices"
	"strings"

	"github.com/alecthomas/kong"
)

// Candidate is one completion: the word and a short description.
type Candidate struct {
	Value string
	Help  string
}

// Source looks up the values that come from outside the command line. Each
// call gets the context of the whole completion, which ends after about a
// second: a slow answer is no answer.
type Source interface {
	// Buckets lists the bucket names.
	Buckets(ctx context.Context) ([]string, error)
	// List lists what is directly under prefix in bucket and starts with
	// it: folders as keys ending in "/", then objects.
	List(ctx context.Context, bucket, prefix string) ([]string, error)
	// IDs lists history ids for the command (e.g. "revoke", "history rm"),
	// newest first, each with what it links to.
	IDs(ctx context.Context, command string) ([]Candidate, error)
}

// Result is what to offer for the word under the cursor.
type Result struct {
	Candidates []Candidate
	Files      bool // offer file names instead (a flag that takes a path)
}

// Kinds of positional arguments, from the tag completion:"..." or guessed
// from the argument's name.
const (
	KindS3Object = "s3-object" // s3://bucket/key: folders and objects
	KindS3Folder = "s3-folder" // s3://bucket/prefix/: folders only
	KindID       = "history-id"
	// KindFilesS3Folder is local files, then an s3:// folder (put): file
	// names, or folders once the word starts with "s3:".
	KindFilesS3Folder = "files-s3-folder"
)

// Complete returns what fits the last word of words, the words after the
// program name ("" when the cursor follows a space). newSource builds the
// Source from the flags given before the cursor, by long name (an
// --endpoint-url there counts); it is called only when a value from outside
// is needed.
func Complete(ctx context.Context, app *kong.Application, words []string, newSource func(flags map[string]string) Source) Result {
	if len(words) == 0 {
		words = []string{""}
	}
	w := walk(app.Node, words)
	cur := words[len(words)-1]
	switch {
	case w.pending != nil:
		return flagValues(w.pending, cur)
	case strings.HasPrefix(cur, "-") && !w.dashDash:
		return Result{Candidates: flagNames(w.node, cur)}
	}
	var out []Candidate
	if len(w.args) == 0 {
		out = commandNames(w.node, cur)
	}
	if arg := positional(w.node, len(w.args)); arg != nil {
		if kindOf(arg) == KindFilesS3Folder && !strings.HasPrefix(cur, "s3:") && len(out) == 0 {
			return Result{Files: true}
		}
		out = append(out, argValues(ctx, w, arg, cur, newSource)...)
	}
	return Result{Candidates: out}
}

// walked is where a walk through the words before the cursor ended.
type walked struct {
	node     *kong.Node
	args     []string   // positional words given to node
	pending  *kong.Flag // a flag waiting for its value (the word under the cursor)
	dashDash bool       // "--" was seen: no more flags
	flags    map[string]string
}

// walk follows the words before the last one through the command tree.
func walk(root *kong.Node, words []string) walked {
	w := walked{node: root, flags: map[string]string{}}
	for _, word := range words[:len(words)-1] {
		switch {
		case w.pending != nil:
			w.flags[w.pending.Name] = word
			w.pending = nil
		case word == "--" && !w.dashDash:
			w.dashDash = true
		case strings.HasPrefix(word, "-") && word != "-" && !w.dashDash:
			w.flag(word)
		case len(w.args) == 0 && child(w.node, word) != nil:
			w.node = child(w.node, word)
		default:
			w.args = append(w.args, word)
		}
	}
	return w
}

// flag takes one flag word: --name, --name=value, -x.
func (w *walked) flag(word string) {
	name, value, hasValue := strings.Cut(strings.TrimLeft(word, "-"), "=")
	f := findFlag(w.node, name, !strings.HasPrefix(word, "--"))
	switch {
	case f == nil:
	case hasValue:
		w.flags[f.Name] = value
	case f.IsBool() || f.IsCounter():
		w.flags[f.Name] = "true"
	default:
		w.pending = f
	}
}

// child finds a visible or hidden subcommand of n by name or alias.
func child(n *kong.Node, name string) *kong.Node {
	for _, c := range n.Children {
		if c.Type == kong.CommandNode && (c.Name == name || slices.Contains(c.Aliases, name)) {
			return c
		}
	}
	return nil
}

// findFlag finds a flag of n or its ancestors by long name or, for short,
// by its letter.
func findFlag(n *kong.Node, name string, short bool) *kong.Flag {
	for ; n != nil; n = n.Parent {
		for _, f := range n.Flags {
			if short && len(name) == 1 && f.Short == rune(name[0]) || !short && (f.Name == name || slices.Contains(f.Aliases, name)) {
				return f
			}
		}
	}
	return nil
}

// positional is the argument of n at index i; a list argument takes every
// index from its own on.
func positional(n *kong.Node, i int) *kong.Positional {
	if i < len(n.Positional) {
		return n.Positional[i]
	}
	if k := len(n.Positional); k > 0 && n.Positional[k-1].IsCumulative() {
		return n.Positional[k-1]
	}
	return nil
}

// commandNames lists the visible subcommands of n that start with cur.
func commandNames(n *kong.Node, cur string) []Candidate {
	var out []Candidate
	for _, c := range n.Children {
		if c.Type == kong.CommandNode && !c.Hidden && strings.HasPrefix(c.Name, cur) {
			out = append(out, Candidate{c.Name, c.Help})
		}
	}
	return out
}

// flagNames lists the visible flags of n and its ancestors that start with
// cur, as --name.
func flagNames(n *kong.Node, cur string) []Candidate {
	var out []Candidate
	seen := map[string]bool{}
	for ; n != nil; n = n.Parent {
		for _, f := range n.Flags {
			for _, name := range flagForms(f) {
				if f.Hidden || seen[name] || !strings.HasPrefix(name, cur) {
					continue
				}
				seen[name] = true
				out = append(out, Candidate{name, f.Help})
			}
		}
	}
	return out
}

// flagForms are the ways to write f: --name, and --no-name (or its own
// negation) for a negatable flag.
func flagForms(f *kong.Flag) []string {
	forms := []string{"--" + f.Name}
	switch neg := f.Tag.Negatable; neg {
	case "":
	case "_":
		forms = append(forms, "--no-"+f.Name)
	default:
		forms = append(forms, "--"+neg)
	}
	return forms
}

// flagValues offers a flag's enum values, or file names for a flag that
// names a file.
func flagValues(f *kong.Flag, cur string) Result {
	if f.Tag.Get("completion") == "file" || f.Name == "history" {
		return Result{Files: true}
	}
	var out []Candidate
	for _, v := range f.EnumSlice() {
		if v != "" && strings.HasPrefix(v, cur) {
			out = append(out, Candidate{Value: v})
		}
	}
	return Result{Candidates: out}
}

// kindOf says what an argument takes: its completion tag (ls has
// completion:"s3-folder"), else a guess from its name ("s3://BUCKET/KEY",
// "location", "ID").
func kindOf(arg *kong.Positional) string {
	if k := arg.Tag.Get("completion"); k != "" {
		return k
	}
	name := strings.ToLower(arg.Name)
	switch {
	case strings.HasPrefix(name, "s3://"), name == "location":
		return KindS3Object
	case name == "id":
		return KindID
	}
	return ""
}

// argValues offers the values of one positional argument.
func argValues(ctx context.Context, w walked, arg *kong.Positional, cur string, newSource func(map[string]string) Source) []Candidate {
	switch kindOf(arg) {
	case KindS3Object:
		return s3Values(ctx, newSource(w.flags), cur, false)
	case KindS3Folder, KindFilesS3Folder:
		return s3Values(ctx, newSource(w.flags), cur, true)
	case KindID:
		return idValues(ctx, newSource(w.flags), w.node.Path(), cur, w.args)
	}
	return nil
}

// idValues offers history ids that start with cur and are not on the line
// already.
func idValues(ctx context.Context, src Source, command, cur string, given []string) []Candidate {
	ids, err := src.IDs(ctx, command)
	if err != nil {
		return nil
	}
	var out []Candidate
	for _, c := range ids {
		if strings.HasPrefix(c.Value, cur) && !slices.Contains(given, c.Value) {
			out = append(out, c)
		}
	}
	return out
}

// KeepQuoteOpen is for bash, whose readline closes a quote left open after
// a lone match, a folder too, where it closes it after a file only. When
// the word being completed (rawCur, as typed) is inside an open quote and
// its only candidate is a folder (or bucket), KeepQuoteOpen offers what the
// folder holds with it: readline then inserts the folder, the part they
// share, and leaves the quote open for the rest. A folder with nothing more
// to complete stays alone, and its quote is closed.
func KeepQuoteOpen(ctx context.Context, app *kong.Application, words []string, rawCur string, newSource func(map[string]string) Source, res Result) Result {
	if q, _ := openQuote(rawCur); q == 0 || len(words) == 0 {
		return res
	}
	lone := Offerable(res.Candidates)
	if len(lone) != 1 || !strings.HasSuffix(lone[0].Value, "/") {
		return res
	}
	inside := append(slices.Clone(words[:len(words)-1]), lone[0].Value)
	held := Complete(ctx, app, inside, newSource)
	return Result{Candidates: append(lone, held.Candidates...)}
}
