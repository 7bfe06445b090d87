package share

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Expiry limits of a SigV4 presigned URL.
const (
	MinExpiry     = time.Second        // shortest link S3 accepts
	MaxExpiry     = 7 * 24 * time.Hour // longest link S3 accepts (604800 s)
	DefaultExpiry = 24 * time.Hour     // used when no expiry is given
)

// ErrBadExpiry is wrapped by every expiry that cannot be used.
var ErrBadExpiry = errors.New("bad expiry")

// allowedRange ends every expiry error so people learn the limits.
const allowedRange = "links can last 1s to 7d (S3's limit)"

// expiryError is a one-line expiry message that unwraps to ErrBadExpiry.
type expiryError struct{ msg string }

func (e *expiryError) Error() string { return e.msg }
func (e *expiryError) Unwrap() error { return ErrBadExpiry }

// badExpiry builds an expiry error for input s with a reason.
func badExpiry(s, reason string) error {
	return &expiryError{msg: fmt.Sprintf("expiry %q %s: %s", s, reason, allowedRange)}
}

// absoluteLayouts are the accepted absolute-time forms without a zone
// (read in local time); RFC 3339 is tried first.
var absoluteLayouts = []string{
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
}

// ParseExpiry reads an expiry as a duration ("90s", "15m", "24h", "7d",
// "1w", "1d12h"; units w d h m s, case-insensitive) or as an absolute time
// (RFC 3339, or "2026-12-01 17:00" in local time) relative to now. The
// result is whole seconds from MinExpiry to MaxExpiry; anything else is an
// error wrapping ErrBadExpiry that gives the allowed range. An absolute
// time becomes the time left until it: ParseExpiryEnd keeps the time.
func ParseExpiry(s string, now time.Time) (time.Duration, error) {
	e, err := ParseExpiryEnd(s, now)
	return e.Duration, err
}

// Expiry is how long links work: for a duration, or until a time.
type Expiry struct {
	Duration time.Duration // whole seconds; for an absolute end, the time left when parsed
	Until    time.Time     // the absolute end in whole seconds; zero for a duration
}

// ParseExpiryEnd is ParseExpiry keeping an absolute end as well, so that
// links can be issued to end exactly then (Request.Until) instead of a
// duration after signing, which would be a second or so later than parsing.
func ParseExpiryEnd(s string, now time.Time) (Expiry, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return Expiry{}, &expiryError{msg: "expiry is empty: give a duration like 24h or 7d, or a time like 2026-12-01 17:00; " + allowedRange}
	}
	if t, ok := parseAbsolute(in); ok {
		t = t.Truncate(time.Second)
		d, err := untilTime(s, t, now)
		if err != nil {
			return Expiry{}, err
		}
		return Expiry{Duration: d, Until: t}, nil
	}
	d, err := parseDuration(s, in)
	if err != nil {
		return Expiry{}, err
	}
	return Expiry{Duration: d}, CheckExpiryFor(s, d)
}

// parseAbsolute tries the absolute-time layouts.
func parseAbsolute(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range absoluteLayouts {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// untilTime turns an absolute end into whole seconds from now.
func untilTime(s string, t, now time.Time) (time.Duration, error) {
	d := t.Sub(now).Truncate(time.Second)
	if d < MinExpiry {
		return 0, badExpiry(s, "is in the past")
	}
	if d > MaxExpiry {
		return 0, badExpiry(s, "is more than 7 days ahead")
	}
	return d, nil
}

// unitSeconds maps each duration unit to its length in seconds.
var unitSeconds = map[byte]int64{'w': 7 * 86400, 'd': 86400, 'h': 3600, 'm': 60, 's': 1}

// parseDuration reads a sequence of <digits><unit> parts; orig is the input
// as typed, for messages.
func parseDuration(orig, s string) (time.Duration, error) {
	s = strings.ToLower(s)
	if strings.HasPrefix(s, "-") {
		return 0, badExpiry(orig, "is negative")
	}
	const limit = int64(MaxExpiry/time.Second) + 1 // anything above is too long
	var total int64
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, badExpiry(orig, "is not a duration or time (try 15m, 24h, 7d, 1d12h or 2026-12-01 17:00)")
		}
		n, ok := smallInt(s[i:j], limit)
		if j == len(s) {
			return 0, badExpiry(orig, "has no unit (use s, m, h, d or w, e.g. 24h)")
		}
		unit, known := unitSeconds[s[j]]
		if !known {
			return 0, badExpiry(orig, "is not a duration or time (try 15m, 24h, 7d, 1d12h or 2026-12-01 17:00)")
		}
		if !ok || n*unit > limit {
			n, unit = 1, limit // saturate: reported as too long unless a later part is bad
		}
		total = min(total+n*unit, limit)
		i = j + 1
	}
	return time.Duration(total) * time.Second, nil
}

// smallInt parses decimal digits, reporting false above limit.
func smallInt(digits string, limit int64) (int64, bool) {
	var n int64
	for k := 0; k < len(digits); k++ {
		n = n*10 + int64(digits[k]-'0')
		if n > limit {
			return 0, false
		}
	}
	return n, true
}

// CheckExpiry reports whether d is a usable link expiry: whole seconds
// from MinExpiry to MaxExpiry. The error wraps ErrBadExpiry.
func CheckExpiry(d time.Duration) error {
	return CheckExpiryFor(FormatExpiry(d), d)
}

// CheckExpiryFor is CheckExpiry with s, the expiry as the user wrote it,
// quoted in the message.
func CheckExpiryFor(s string, d time.Duration) error {
	switch {
	case d < 0:
		return badExpiry(s, "is negative")
	case d == 0:
		return badExpiry(s, "is zero")
	case d%time.Second != 0:
		return badExpiry(s, "is not a whole number of seconds")
	case d > MaxExpiry:
		return badExpiry(s, "is too long")
	}
	return nil
}

// FormatExpiry writes d compactly: "1m30s", "15m", "24h", "1d12h", "7d".
// Durations of exactly one day stay "24h"; sub-second parts are dropped.
func FormatExpiry(d time.Duration) string {
	if d < 0 {
		return "-" + FormatExpiry(-d)
	}
	secs := int64(d / time.Second)
	if secs == 0 {
		return "0s"
	}
	if secs == 86400 {
		return "24h"
	}
	var b strings.Builder
	for _, u := range []struct {
		name byte
		secs int64
	}{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}} {
		if n := secs / u.secs; n > 0 {
			fmt.Fprintf(&b, "%d%c", n, u.name)
			secs -= n * u.secs
		}
	}
	return b.String()
}
