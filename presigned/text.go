package presigned

import (
	"fmt"
	"strings"
	"time"
)

// RoughDuration formats d the way people say it: "45s", "1m30s", "12m",
// "3h", "2h30m", "2d5h". Under ten minutes the seconds count ("1m30s",
// not "2m"); longer durations are rounded to the minute. Negative
// durations are formatted as positive.
func RoughDuration(d time.Duration) string {
	d = d.Abs()
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	if s := d.Round(time.Second); s < 10*time.Minute {
		m, sec := int(s.Minutes()), int(s.Seconds())%60
		if sec == 0 {
			return fmt.Sprintf("%dm", m)
		}
		return fmt.Sprintf("%dm%ds", m, sec)
	}
	d = d.Round(time.Minute)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		h, m := int(d.Hours()), int(d.Minutes())%60
		if m == 0 || h >= 10 {
			return fmt.Sprintf("%dh", h)
		}
		return fmt.Sprintf("%dh%dm", h, m)
	}
	days, h := int(d.Hours())/24, int(d.Hours())%24
	if h == 0 {
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd%dh", days, h)
}

// End is when the link stops working: its effective expiry, else the
// requested one.
func (l Link) End() time.Time {
	if l.EffectiveExpiresAt.IsZero() {
		return l.ExpiresAt
	}
	return l.EffectiveExpiresAt
}

// TimeLeft says how long the link has at now: "in 3h", or "expired 3h ago".
func (l Link) TimeLeft(now time.Time) string {
	end := l.End()
	if now.Before(end) {
		return "in " + RoughDuration(end.Sub(now))
	}
	return "expired " + RoughDuration(now.Sub(end)) + " ago"
}

// Contradicted reports whether the last live check disagrees with the
// clock at now: the clock says the link works, the check found it does not.
func (l Link) Contradicted(now time.Time) bool {
	return l.Check.Checked() && !l.Check.Works() && l.StatusAt(now).Live()
}

// StatusText is the link's status as people read it, with the last check
// when it contradicts the clock: "active · object gone (checked 3m ago)".
func (l Link) StatusText(now time.Time) string {
	st := l.StatusAt(now).String()
	if !l.Contradicted(now) {
		return st
	}
	return fmt.Sprintf("%s · %s (checked %s)", st, l.Check.Kind, CheckedAgo(now, l.Check.At))
}

// CheckedAgo says how long ago a check was: "just now", "3m ago".
func CheckedAgo(now, at time.Time) string {
	if now.Sub(at) < time.Minute {
		return "just now"
	}
	return RoughDuration(now.Sub(at)) + " ago"
}

// Name is what a link is called when handed out: its object's name, or for
// a gallery its label, else how many images it shows.
func (l Link) Name() string {
	switch {
	case !l.Gallery:
		return DisplayName(l.Key)
	case l.Label != "":
		return l.Label
	case len(l.Members) > 0:
		return fmt.Sprintf("gallery of %s", Plural(len(l.Members), "image"))
	}
	return "gallery"
}

// Title is what a link is listed as, by the UI and by the history
// command alike: its object's name, or for a gallery what it is, with how
// many images it shows (when they are loaded) and its label:
// "gallery · 3 images · Proofs for Bo".
func (l Link) Title() string {
	if !l.Gallery {
		return DisplayName(l.Key)
	}
	parts := []string{"gallery"}
	if len(l.Members) > 0 {
		parts = append(parts, Plural(len(l.Members), "image"))
	}
	if l.Label != "" {
		parts = append(parts, l.Label)
	}
	return strings.Join(parts, " · ")
}

// Plural counts a unit the way people write it: "1 hour", "2 hours".
func Plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// DisplayName is the name a link's object is shown by: the last segment of
// its key ("trips/2024/beach.png" gives "beach.png"), or the whole key when
// that segment is empty ("folder/").
func DisplayName(key string) string {
	if i := strings.LastIndexByte(key, '/'); i >= 0 && i < len(key)-1 {
		return key[i+1:]
	}
	return key
}

// FirstToEnd is the link of links that stops working first (by End), the
// zero Link when there are none.
func FirstToEnd(links []Link) Link {
	var first Link
	for i, l := range links {
		if i == 0 || l.End().Before(first.End()) {
			first = l
		}
	}
	return first
}
