package complete

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/s3share/s3share/termtext"
)

// SplitLine splits a bash command line (up to the cursor) into words the
// way the shell would: blanks separate words, quotes and backslashes
// escape. It returns the words after the program name, the last being the
// word under the cursor ("" after a blank), and that word's raw text as
// typed, quotes and backslashes included.
func SplitLine(line string) (words []string, rawLast string) {
	var (
		word    strings.Builder
		start   = 0
		inWord  bool
		quote   rune
		escaped bool
	)
	for i, r := range line {
		switch {
		case escaped:
			word.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			word.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
			start = i + 1
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	words = append(words, word.String())
	if len(words) > 0 {
		words = words[1:] // the program name
	}
	if len(words) == 0 {
		words = []string{""}
	}
	return words, line[start:]
}

// Directive tells the shell script what to do besides listing candidates.
type Directive string

// The directives, always the first line Write prints.
const (
	DirectiveNone    Directive = "-"       // list the candidates, a space after one chosen
	DirectiveNoSpace Directive = "nospace" // every candidate is a folder: no space after it
	DirectiveFiles   Directive = "files"   // complete file names instead
)

// Write prints r for the shell: a directive line, then one candidate a
// line. For bash each value is escaped as a shell word and cut to the part
// bash replaces: bash splits words at the characters of COMP_WORDBREAKS
// (":" in s3://), so its current word (bashCur, COMP_WORDS[COMP_CWORD]) can
// be only the end of the word as typed (rawCur). zsh and fish get
// "value<TAB>description" lines.
func Write(w io.Writer, shell string, r Result, rawCur, bashCur string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, directive(r))
	for _, c := range r.Candidates {
		if strings.IndexFunc(c.Value, unicode.IsControl) >= 0 {
			continue // a key with control characters cannot be typed or shown safely
		}
		switch shell {
		case "bash":
			fmt.Fprintln(bw, bashWord(c.Value, rawCur, bashCur))
		default:
			fmt.Fprintf(bw, "%s\t%s\n", c.Value, oneLine(c.Help))
		}
	}
	return bw.Flush()
}

// directive picks the directive for r.
func directive(r Result) Directive {
	if r.Files {
		return DirectiveFiles
	}
	if len(r.Candidates) == 0 {
		return DirectiveNone
	}
	for _, c := range r.Candidates {
		if !strings.HasSuffix(c.Value, "/") {
			return DirectiveNone
		}
	}
	return DirectiveNoSpace
}

// bashWord escapes value as a shell word and drops the part of it before
// bash's current word.
func bashWord(value, rawCur, bashCur string) string {
	escaped := shellEscape(value)
	if !strings.HasSuffix(rawCur, bashCur) {
		return escaped
	}
	cut := len(rawCur) - len(bashCur)
	if len(escaped) < cut || escaped[:cut] != rawCur[:cut] {
		return escaped
	}
	return escaped[cut:]
}

// shellEscape puts a backslash before each character the shell would
// take as special.
func shellEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_-./:@%+,=", r)) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// oneLine makes a description safe to show: escaped, no tabs or newlines.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return termtext.Escape(s)
}
