package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/s3share/s3share/presigned"
)

// expirySentence is "expires Fri 28 Nov 14:03, in 24h".
func expirySentence(now time.Time, d time.Duration, loc *time.Location) string {
	end := now.Add(d).In(loc)
	return fmt.Sprintf("expires %s, in %s", end.Format("Mon 2 Jan 15:04"), presigned.RoughDuration(d))
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

// wrap breaks text at w cells on spaces.
func wrap(s string, w int) string {
	return ansi.Wrap(s, max(w, 10), " ")
}
