package config

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// byteOrderMark is how some editors (Notepad among them) start a UTF-8
// file. TOML does not allow it, so it is dropped before parsing.
const byteOrderMark = "\ufeff"

// applyFile overrides settings from the TOML document data, read from
// path. The first problem, in the order of the file, is the error.
func (s *Settings) applyFile(path string, data []byte) error {
	data = bytes.TrimPrefix(data, []byte(byteOrderMark))
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return syntaxError(path, err)
	}
	lines := keyLines(data)
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return lines[keys[i]] < lines[keys[j]] })
	for _, k := range keys {
		where := fmt.Sprintf("%s:%d", path, lines[k])
		sp, ok := specByKey(k)
		if !ok {
			return badf("%s: unknown setting %q: the settings are %s", where, k, strings.Join(Keys(), ", "))
		}
		text, err := fileText(sp, doc[k])
		if err == nil {
			err = s.set(sp, text, Origin{Source: SourceFile, Where: where})
		}
		if err != nil {
			return badf("%s: %s = %s is not allowed: %v", where, k, tomlValue(doc[k]), err)
		}
	}
	return nil
}

// fileText turns a decoded TOML value into the text a check takes: a
// string for a text setting, a boolean for a switch.
func fileText(sp spec, v any) (string, error) {
	switch sp.kind {
	case kindSwitch:
		if b, ok := v.(bool); ok {
			return fmt.Sprint(b), nil
		}
		return "", errors.New("use true or false (without quotes)")
	default:
		if str, ok := v.(string); ok {
			return str, nil
		}
		_, err := sp.check("") // the empty value's error says what is allowed
		return "", fmt.Errorf("%v, in quotes", err)
	}
}

// tomlValue writes a decoded value back roughly as TOML, for errors;
// strings are quoted so control characters cannot reach the terminal.
func tomlValue(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case map[string]any:
		return "a table"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%v", v)
}

// syntaxError turns a TOML decoding error into one line with the file and
// line.
func syntaxError(path string, err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		return badf("%s:%d: not valid TOML: %s: write one setting a line, like expiry = \"24h\"", path, row, msg)
	}
	return badf("%s: not valid TOML: %v", path, err)
}

// keyLines maps each top-level key (and table name) of a valid TOML
// document to the line it is on, 1-based. toml.Unmarshal has checked the
// syntax already; go-toml's parser gives the positions.
func keyLines(data []byte) map[string]int {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		e := p.Expression()
		if e.Kind != unstable.KeyValue && e.Kind != unstable.Table && e.Kind != unstable.ArrayTable {
			continue
		}
		it := e.Key()
		if !it.Next() {
			continue
		}
		k := it.Node()
		name := string(k.Data)
		if _, seen := lines[name]; !seen {
			lines[name] = 1 + bytes.Count(data[:k.Raw.Offset], []byte("\n"))
		}
	}
	return lines
}
