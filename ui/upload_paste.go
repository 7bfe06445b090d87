package ui

import (
	"net/url"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// What terminals paste when files are dropped on them: their paths,
// separated by spaces or lines, each quoted ('/a b/c.png') or with its
// spaces escaped (/a\ b/c.png), or as file:// URIs (/a%20b/c.png); some
// paste one path as it is, spaces and all.

// pastedPaths reads pasted text as the paths of files dropped on the
// terminal. It returns the readings to try, in order: the text split as
// a shell would, then the whole line as one path (a path with spaces
// pasted as it is); the first whose files all exist wins. None when the
// text is not paths: each must be absolute or a file:// URI.
func pastedPaths(text string) [][]string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var out [][]string
	if paths, ok := localPaths(shellWords(text)); ok {
		out = append(out, paths)
	}
	if !strings.ContainsAny(text, "\n\r") && (len(out) == 0 || len(out[0]) > 1) {
		if paths, ok := localPaths([]string{text}); ok {
			out = append(out, paths)
		}
	}
	return out
}

// localPaths turns words into local paths: absolute paths as they are,
// file:// URIs of this machine decoded; ok is false if any word is
// neither.
func localPaths(words []string) ([]string, bool) {
	if len(words) == 0 {
		return nil, false
	}
	paths := make([]string, 0, len(words))
	for _, w := range words {
		if strings.HasPrefix(w, "file://") {
			u, err := url.Parse(w)
			if err != nil || (u.Host != "" && u.Host != "localhost") || u.Path == "" {
				return nil, false
			}
			w = u.Path
		}
		if !filepath.IsAbs(w) {
			return nil, false
		}
		paths = append(paths, filepath.Clean(w))
	}
	return paths, true
}

// shellWords splits s as a POSIX shell splits words, without expansions:
// blanks and newlines separate; '…' quotes everything; "…" quotes all
// but \" \\ \$ \` (and a backslash before a newline); outside quotes a
// backslash keeps the next character. An unclosed quote runs to the end.
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
			continue
		case r == '\\' && i+1 < len(rs):
			i++
			if rs[i] != '\n' {
				w.WriteRune(rs[i])
			}
		case r == '\'':
			for i++; i < len(rs) && rs[i] != '\''; i++ {
				w.WriteRune(rs[i])
			}
		case r == '"':
			i = doubleQuoted(rs, i+1, &w)
		default:
			w.WriteRune(r)
		}
		inWord = true
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// doubleQuoted copies the "…" text starting at rs[i] into w and returns
// the index of its closing quote (or len(rs)).
func doubleQuoted(rs []rune, i int, w *strings.Builder) int {
	for ; i < len(rs) && rs[i] != '"'; i++ {
		if rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune("\"\\$`\n", rs[i+1]) {
			i++
			if rs[i] == '\n' {
				continue
			}
		}
		w.WriteRune(rs[i])
	}
	return i
}

// notPaths is the status when pasted text is no file path.
const notPaths = "Pasted text is no file path: drop image files on the terminal (or paste their full paths) to upload them here"

// pastedUpload offers to upload into bucket/prefix the files whose paths
// msg pastes; nil when it pastes no paths.
func pastedUpload(c *common, bucket, prefix string, msg tea.PasteMsg) *uploadScreen {
	readings := pastedPaths(msg.Content)
	if len(readings) == 0 {
		return nil
	}
	return newUploadScreen(c, bucket, prefix, readings, true)
}
