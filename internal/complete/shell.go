package complete

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/s3share/s3share/termtext"
)

// SplitLine splits a bash command line (up to the cursor) into words the
// way the shell would: blanks separate words, quotes and backslashes
// escape. It returns the words after the program name, the last being the
// word under the cursor ("" after a blank), and that word's raw text as
// typed, quotes and backslashes included.
func SplitLine(line string) (words []string, rawLast string) {
	var (
		s     wordScanner
		start = 0
	)
	for i, r := range line {
		if !s.next(r) {
			continue
		}
		if s.inWord {
			words = append(words, s.word.String())
		}
		s = wordScanner{}
		start = i + 1
	}
	words = append(words, s.word.String())
	if len(words) > 0 {
		words = words[1:] // the program name
	}
	if len(words) == 0 {
		words = []string{""}
	}
	return words, line[start:]
}

// wordScanner follows bash's quoting through a line, a rune at a time.
type wordScanner struct {
	word    strings.Builder // the word so far, unquoted
	inWord  bool
	quote   rune   // the quote still open, or 0
	head    string // the unquoted word before that quote opened
	escaped bool   // the last rune was a backslash that escapes this one
}

// next takes one rune and reports whether it is a blank between words.
func (s *wordScanner) next(r rune) (blank bool) {
	switch {
	case s.escaped:
		if s.quote == '"' && !strings.ContainsRune("$`\"\\\n", r) {
			s.word.WriteByte('\\') // inside double quotes only these are escaped
		}
		s.word.WriteRune(r)
		s.escaped = false
	case r == '\\' && s.quote != '\'':
		s.escaped, s.inWord = true, true
	case s.quote != 0 && r == s.quote:
		s.quote = 0
	case s.quote != 0:
		s.word.WriteRune(r)
	case r == '\'' || r == '"':
		s.quote, s.head, s.inWord = r, s.word.String(), true
	case r == ' ' || r == '\t' || r == '\n':
		return true
	default:
		s.word.WriteRune(r)
		s.inWord = true
	}
	return false
}

// openQuote returns the quote left open in raw, one word as typed, and the
// unquoted text before it; 0 when every quote is closed.
func openQuote(raw string) (quote rune, head string) {
	var s wordScanner
	for _, r := range raw {
		s.next(r)
	}
	return s.quote, s.head
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
// line. For bash each value is quoted as a shell word and cut to the part
// bash replaces (see bashWord). zsh and fish get "value<TAB>description"
// lines and quote the value themselves. A candidate that cannot be shown
// safely on a command line (see Offerable) is left out.
func Write(w io.Writer, shell string, r Result, rawCur, bashCur string) error {
	var lines []string
	var kept []Candidate
	for _, c := range Offerable(r.Candidates) {
		line := fmt.Sprintf("%s\t%s", c.Value, oneLine(c.Help))
		if shell == "bash" {
			word, ok := bashWord(c.Value, rawCur, bashCur)
			if !ok {
				continue
			}
			line = word
		}
		lines, kept = append(lines, line), append(kept, c)
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, directive(Result{Candidates: kept, Files: r.Files}))
	for _, l := range lines {
		fmt.Fprintln(bw, l)
	}
	return bw.Flush()
}

// Offerable returns the candidates that can go on a command line as they
// are. It leaves out a value that is not UTF-8 or holds a control character,
// a line or paragraph separator, or a bidirectional control (U+202A..U+202E,
// U+2066..U+2069, U+200E, U+200F, U+061C): those reorder or hide what the
// line shows, so the command that runs is not the one on the screen. The
// shells cannot all write them visibly (fish inserts a candidate's
// characters raw), so such candidates are dropped rather than escaped; the
// key is still there for s3share ls and the browser.
func Offerable(cs []Candidate) []Candidate {
	var out []Candidate
	for _, c := range cs {
		if utf8.ValidString(c.Value) && !strings.ContainsFunc(c.Value, hidden) {
			out = append(out, c)
		}
	}
	return out
}

// hidden reports whether r changes how a line looks without showing itself.
func hidden(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
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

// bashWord writes value as the text bash's readline puts in place of the
// text it completes. Inside a quote left open (rawCur `"s3://b/My F`),
// readline replaces what follows that quote and closes it itself after a
// single match, so value is written from there on, quoted for that quote;
// ok is false when value does not start with what was typed before the
// quote. Otherwise value is escaped with backslashes and cut to bash's
// current word: bash splits words at the characters of COMP_WORDBREAKS
// (":" in s3://), so its current word (bashCur, COMP_WORDS[COMP_CWORD]) can
// be only the end of the word as typed (rawCur).
func bashWord(value, rawCur, bashCur string) (word string, ok bool) {
	if q, head := openQuote(rawCur); q != 0 {
		rest, typed := strings.CutPrefix(value, head)
		return inQuote(q, rest), typed
	}
	escaped := shellEscape(value)
	if !strings.HasSuffix(rawCur, bashCur) {
		return escaped, true
	}
	cut := len(rawCur) - len(bashCur)
	if len(escaped) < cut || escaped[:cut] != rawCur[:cut] {
		return escaped, true
	}
	return escaped[cut:], true
}

// inQuote writes s for the inside of a word quoted with q, a single or a
// double quote. Inside single quotes a quote closes them, comes escaped
// with a backslash and opens them again; inside double quotes a
// backslash goes before " \ $ and backquote, and a ! is put in single
// quotes, since history expansion works inside double quotes. readline
// drops the opening quote when the text starts with one, so then the text
// brings its own.
func inQuote(q rune, s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case q == '\'' && r == '\'':
			b.WriteString(`'\''`)
		case q == '"' && strings.ContainsRune(`"\$`+"`", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case q == '"' && r == '!':
			b.WriteString(`"'!'"`)
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if strings.HasPrefix(out, string(q)) {
		out = string(q) + out
	}
	return out
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
