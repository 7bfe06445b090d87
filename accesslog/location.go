package accesslog

import (
	"fmt"
	"strings"
	"time"

	"github.com/s3share/s3share/s3browse"
)

// Layout is how the log objects under a location are named.
type Layout int

// The key layouts AWS writes (TargetObjectKeyFormat).
const (
	// LayoutUnknown: not known yet; a Reader finds out with one listing
	// and says what it found (Result.Location).
	LayoutUnknown Layout = iota
	// LayoutSimple: PREFIX + YYYY-mm-DD-HH-MM-SS-UNIQUE (the default).
	LayoutSimple
	// LayoutPartitioned: PREFIX + ACCOUNT/REGION/BUCKET/YYYY/MM/DD/ +
	// YYYY-MM-DD-hh-mm-ss-UNIQUE.
	LayoutPartitioned
)

// String names the layout.
func (l Layout) String() string {
	switch l {
	case LayoutSimple:
		return "simple"
	case LayoutPartitioned:
		return "partitioned"
	}
	return "unknown"
}

// Location is where server access logs are delivered: a log bucket and a
// prefix, as the source bucket's TargetBucket and TargetPrefix say.
type Location struct {
	Bucket string // the log bucket
	// Prefix is TargetPrefix exactly: usually ending in "/", but AWS also
	// accepts "logs-" or "" (logs at the bucket's root).
	Prefix string
	Layout Layout
	// Account is the source account id of a partitioned layout when known
	// (it saves a listing per read); "" to find it.
	Account string
}

// String is the location as s3://bucket/prefix.
func (l Location) String() string { return "s3://" + l.Bucket + "/" + l.Prefix }

// ParseLocation reads s3://LOG-BUCKET/PREFIX (the setting of where the
// logs are). The prefix is kept exactly as written, as AWS matches it:
// "s3://logs/access/" reads logs/access/2026-..., "s3://logs" reads logs
// at the bucket's root. Errors wrap ErrBadLocation.
func ParseLocation(s string) (Location, error) {
	loc, err := s3browse.ParseLocation(s)
	if err != nil {
		return Location{}, fmt.Errorf("%w: %w", ErrBadLocation, err)
	}
	if strings.HasPrefix(loc.Key, "/") {
		return Location{}, fmt.Errorf("%w %q: the prefix starts with a slash; AWS log prefixes do not", ErrBadLocation, s)
	}
	return Location{Bucket: loc.Bucket, Prefix: loc.Key}, nil
}

// KeyTime is the time in the name of a log object under l, in either
// layout; false for a key that is not a log object's. A caller that
// remembers the keys it read can forget those named more than a day
// before the earliest time it still reads from (Request.Since): they are
// not listed again (a listing starts an hour before Since, at the start of
// that day for the partitioned layout).
func (l Location) KeyTime(key string) (time.Time, bool) {
	if t, ok := simpleKeyTime(l.Prefix, key); ok {
		return t, true
	}
	rest, ok := strings.CutPrefix(key, l.Prefix)
	if !ok {
		return time.Time{}, false
	}
	parts := strings.SplitN(rest, "/", 4) // ACCOUNT, REGION, BUCKET, the rest
	if len(parts) != 4 {
		return time.Time{}, false
	}
	return partitionedKeyTime(partitionRoot(l.Prefix, parts[0], parts[1], parts[2]), key)
}

// keySlack is how far before the earliest time of interest a listing
// starts: a log object is named by when it was written, after the
// records in it, so this only covers clocks and rounding.
const keySlack = time.Hour

// simpleLayout is how keys are named in LayoutSimple.
const simpleLayout = "2006-01-02-15-04-05"

// simpleStartAfter is the StartAfter of a listing of a simple layout for
// records from since on ("" from the start).
func simpleStartAfter(prefix string, since time.Time) string {
	if since.IsZero() {
		return ""
	}
	return prefix + since.Add(-keySlack).UTC().Format(simpleLayout)
}

// partitionedStartAfter is the StartAfter of a listing of one partition
// root (PREFIX ACCOUNT/REGION/BUCKET/) for records from since on: the day
// folder, as the date in the path may be the event's or the delivery's.
func partitionedStartAfter(root string, since time.Time) string {
	if since.IsZero() {
		return ""
	}
	return root + since.Add(-keySlack).UTC().Format("2006/01/02/")
}

// partitionRoot is PREFIX ACCOUNT/REGION/BUCKET/.
func partitionRoot(prefix, account, region, bucket string) string {
	return prefix + account + "/" + region + "/" + bucket + "/"
}

// simpleKeyTime parses a key of the simple layout under prefix: the time
// in its name; false for any other key.
func simpleKeyTime(prefix, key string) (time.Time, bool) {
	rest, ok := strings.CutPrefix(key, prefix)
	if !ok || len(rest) < len(simpleLayout)+2 || rest[len(simpleLayout)] != '-' || strings.Contains(rest, "/") {
		return time.Time{}, false
	}
	t, err := time.Parse(simpleLayout, rest[:len(simpleLayout)])
	return t, err == nil
}

// partitionedKeyTime parses a key under a partition root:
// YYYY/MM/DD/YYYY-MM-DD-hh-mm-ss-UNIQUE.
func partitionedKeyTime(root, key string) (time.Time, bool) {
	rest, ok := strings.CutPrefix(key, root)
	if !ok || len(rest) < len("2006/01/02/") {
		return time.Time{}, false
	}
	if _, err := time.Parse("2006/01/02/", rest[:len("2006/01/02/")]); err != nil {
		return time.Time{}, false
	}
	return simpleKeyTime(root+rest[:len("2006/01/02/")], key)
}

// isAccountFolder reports whether a folder under prefix looks like a
// partitioned layout's account level: "PREFIX123456789012/".
func isAccountFolder(prefix, folder string) bool {
	name, ok := strings.CutPrefix(folder, prefix)
	if !ok {
		return false
	}
	name, ok = strings.CutSuffix(name, "/")
	if !ok || name == "" || len(name) > 32 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isDigit(name[i]) {
			return false
		}
	}
	return true
}
