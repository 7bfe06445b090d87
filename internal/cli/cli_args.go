package cli

import (
	"strings"

	"github.com/alecthomas/kong"
)

// joinNegativeValues writes "--flag -1" as "--flag=-1" for every flag that
// takes a value. kong reads a word that starts with "-" as a flag, and
// "--larger -1" would stop with its parser's "(short flag)" wording; no
// short flag of s3share is a digit, so such a word can only be the value,
// and the command's own check then says what the flag wants. Words after
// "--" are left alone.
func joinNegativeValues(app *kong.Application, args []string) []string {
	takesValue := valueFlags(app.Node)
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		word := args[i]
		if word == "--" {
			return append(out, args[i:]...)
		}
		name, isFlag := strings.CutPrefix(word, "--")
		if isFlag && takesValue[name] && i+1 < len(args) && looksNegative(args[i+1]) {
			word += "=" + args[i+1]
			i++
		}
		out = append(out, word)
	}
	return out
}

// valueFlags are the long names (and aliases) of the flags under node that
// take a value everywhere they appear: a name that is a switch in some
// command is left out.
func valueFlags(node *kong.Node) map[string]bool {
	takes := map[string]bool{}
	var walk func(*kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			value := !f.IsBool() && !f.IsCounter()
			for _, name := range append([]string{f.Name}, f.Aliases...) {
				if seen, ok := takes[name]; !ok || seen {
					takes[name] = value
				}
			}
		}
		for _, child := range n.Children {
			walk(child)
		}
	}
	walk(node)
	return takes
}

// looksNegative reports whether word is a minus sign and a digit, as in
// -1, -1h or -0.5.
func looksNegative(word string) bool {
	return len(word) >= 2 && word[0] == '-' && word[1] >= '0' && word[1] <= '9'
}
