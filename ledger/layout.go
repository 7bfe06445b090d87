package ledger

import (
	"fmt"
	"strconv"
	"strings"
)

// Where things live under the ledger's prefix.
const (
	markerName = "ledger.json" // written once by Init: this prefix is a ledger
	logDir     = "log/"        // log/00000000000000000001.json...
	snapDir    = "snap/"       // snap/00000000000000000100.json.gz...
	membersDir = "members/"    // members/NAME.json
	probeDir   = "probe/"      // the capability probe's objects, deleted after it
	logSuffix  = ".json"
	snapSuffix = ".json.gz"
	numDigits  = 20 // zero-padded so that keys list in number order
)

// maxNameBytes is the longest member name.
const maxNameBytes = 64

// ValidName reports whether name can be a member name: 1 to 64 ASCII
// letters, digits, dots, hyphens and underscores, starting with a letter
// or digit. Names become object keys (members/NAME.json) and label every
// event; display names are free text and live in the member object.
func ValidName(name string) bool {
	if name == "" || len(name) > maxNameBytes {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '-' && c != '_') {
			return false
		}
	}
	return true
}

// layout builds and parses the keys of one ledger.
type layout struct {
	bucket, prefix string // prefix is "" or ends in "/"
}

// normalPrefix makes a prefix end in "/" (and drops a leading one).
func normalPrefix(prefix string) string {
	prefix = strings.TrimLeft(prefix, "/")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix
}

func (l layout) marker() string            { return l.prefix + markerName }
func (l layout) logPrefix() string         { return l.prefix + logDir }
func (l layout) snapPrefix() string        { return l.prefix + snapDir }
func (l layout) membersPrefix() string     { return l.prefix + membersDir }
func (l layout) member(name string) string { return l.prefix + membersDir + name + ".json" }
func (l layout) logKey(n int64) string {
	return fmt.Sprintf("%s%s%0*d%s", l.prefix, logDir, numDigits, n, logSuffix)
}
func (l layout) snapKey(n int64) string {
	return fmt.Sprintf("%s%s%0*d%s", l.prefix, snapDir, numDigits, n, snapSuffix)
}
func (l layout) location(key string) string { return "s3://" + l.bucket + "/" + key }

// logAfter is the StartAfter key of a listing of what follows log object
// n ("" lists the log from its start).
func (l layout) logAfter(n int64) string {
	if n <= 0 {
		return ""
	}
	return l.logKey(n)
}

// logNumber parses a log key; false for anything else under log/.
func (l layout) logNumber(key string) (int64, bool) {
	return number(key, l.logPrefix(), logSuffix)
}

// snapNumber parses a snapshot key; false for anything else under snap/.
func (l layout) snapNumber(key string) (int64, bool) {
	return number(key, l.snapPrefix(), snapSuffix)
}

// memberName parses a member key; false for anything that is not
// members/VALIDNAME.json.
func (l layout) memberName(key string) (string, bool) {
	rest, ok := strings.CutPrefix(key, l.membersPrefix())
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, ".json")
	return name, ok && ValidName(name)
}

// number parses prefix + 20 digits + suffix into a number from 1.
func number(key, prefix, suffix string) (int64, bool) {
	digits, ok := strings.CutPrefix(key, prefix)
	if !ok {
		return 0, false
	}
	digits, ok = strings.CutSuffix(digits, suffix)
	if !ok || len(digits) != numDigits || strings.TrimLeft(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}
