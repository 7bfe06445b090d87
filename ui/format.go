package ui

import (
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// humanSize formats a byte count: "512 B", "12.3 KB", "4.0 MB".
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}

// shortDuration formats d coarsely: "45s", "12m", "3h", "2d5h".
func shortDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d >= time.Minute {
		d = d.Round(time.Minute)
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
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

// timeLeft says "in 3h" or "expired 3h ago" for end seen from now.
func timeLeft(end, now time.Time) string {
	if now.Before(end) {
		return "in " + shortDuration(end.Sub(now))
	}
	return "expired " + shortDuration(now.Sub(end)) + " ago"
}

// expirySentence is "expires Fri 28 Nov 14:03, in 24h".
func expirySentence(now time.Time, d time.Duration, loc *time.Location) string {
	end := now.Add(d).In(loc)
	return fmt.Sprintf("expires %s, in %s", end.Format("Mon 2 Jan 15:04"), shortDuration(d))
}

// maskURL hides the whole query of a presigned URL (signature, credential,
// security token): "scheme://host/path?…".
func maskURL(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i] + "?…"
	}
	return u
}

// dispositionFilename extracts the filename from a Content-Disposition value.
func dispositionFilename(v string) string {
	if v == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(v)
	if err != nil {
		return ""
	}
	return params["filename"]
}

// fit truncates s to w cells and pads it to exactly w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	if n := ansi.StringWidth(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// fitLeft keeps the end of s (for paths) within w cells.
func fitLeft(s string, w int) string {
	if ansi.StringWidth(s) <= w || w <= 1 {
		return fit(s, w)
	}
	return fit("…"+ansi.TruncateLeft(s, ansi.StringWidth(s)-w+1, ""), w)
}

// plural returns "1 link" or "3 links".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// wrap breaks text at w cells on spaces.
func wrap(s string, w int) string {
	return ansi.Wrap(s, max(w, 10), " ")
}
