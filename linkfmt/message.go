package linkfmt

import (
	"fmt"
	"io"
	"time"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// writeMessage writes a note a person can paste into a mail or a chat:
//
//	3 images, open until Wed 26 Nov 2026 14:30 CET (UTC+01:00), 24 hours from now:
//	- beach.png: https://...
//
// The end is the earliest effective end of the links; a link that lasts
// longer says its own end on its line. Names have control characters
// written visibly, so each image stays on one line.
func (p Printer) writeMessage(w io.Writer, links []presigned.Link) error {
	if len(links) == 0 {
		_, err := fmt.Fprintln(w, "No images.")
		return err
	}
	loc, now := p.location(), p.now()
	first, last := endsOf(links)
	header := messageHeader(imageCount(links), first, now, loc, last.Sub(first) >= time.Minute)
	if _, err := fmt.Fprintln(w, header); err != nil {
		return err
	}
	for _, l := range links {
		line := "- " + termtext.Escape(l.Name())
		if end := l.End(); end.Sub(first) >= time.Minute {
			line += " (until " + FormatEnd(end, loc) + ")"
		}
		if _, err := fmt.Fprintln(w, line+": "+l.URL); err != nil {
			return err
		}
	}
	return nil
}

// imageCount is how many images links show: a gallery counts its images.
func imageCount(links []presigned.Link) int {
	n := 0
	for _, l := range links {
		if l.Gallery && len(l.Members) > 0 {
			n += len(l.Members)
		} else {
			n++
		}
	}
	return n
}

// messageHeader is the note's first line: how many images and until when.
// With staggered ends, end is the first of them.
func messageHeader(n int, end, now time.Time, loc *time.Location, staggered bool) string {
	count := fmt.Sprintf("%d images", n)
	if n == 1 {
		count = "1 image"
	}
	if !now.Before(end) {
		return fmt.Sprintf("%s, the links ended %s, %s ago:", count, FormatEnd(end, loc), DurationWords(now.Sub(end)))
	}
	until := "open until "
	if staggered {
		until = "open at least until "
	}
	return fmt.Sprintf("%s, %s%s, %s from now:", count, until, FormatEnd(end, loc), DurationWords(end.Sub(now)))
}

// endsOf returns when the first and the last of links stop working.
func endsOf(links []presigned.Link) (first, last time.Time) {
	first, last = links[0].End(), links[0].End()
	for _, l := range links[1:] {
		if end := l.End(); end.Before(first) {
			first = end
		} else if end.After(last) {
			last = end
		}
	}
	return first, last
}

// FormatEnd writes an end time for people, as a date with its time zone:
// "Wed 26 Nov 2026 14:30 CET (UTC+01:00)", "Wed 26 Nov 2026 13:30 UTC", or
// "Wed 26 Nov 2026 16:30 UTC+03:00" where the zone has no abbreviation.
// A nil loc means time.Local.
func FormatEnd(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	t = t.In(loc)
	day := t.Format("Mon 2 Jan 2006 15:04")
	abbr, offset := t.Zone()
	utc := "UTC" + t.Format("-07:00")
	switch {
	case offset == 0 && (abbr == "UTC" || abbr == "GMT" || abbr == "Z"):
		return day + " UTC"
	case abbr == "" || abbr[0] == '+' || abbr[0] == '-':
		return day + " " + utc
	}
	return day + " " + abbr + " (" + utc + ")"
}

// DurationWords writes d in words, rounded to the minute, with at most two
// units and the smaller one cut off, not rounded: "45 seconds", "1 minute", "2 hours 30 minutes",
// "24 hours", "3 days 4 hours". Under two days it counts hours; from two
// days on, days and hours. Negative durations are written as positive.
func DurationWords(d time.Duration) string {
	d = d.Abs()
	if d < time.Minute {
		return presigned.Plural(int(d/time.Second), "second")
	}
	d = d.Round(time.Minute)
	days, hours, minutes := int(d/(24*time.Hour)), int(d/time.Hour)%24, int(d/time.Minute)%60
	switch {
	case d < time.Hour:
		return presigned.Plural(minutes, "minute")
	case d < 48*time.Hour:
		return joinUnits(presigned.Plural(int(d/time.Hour), "hour"), minutes, "minute")
	}
	return joinUnits(presigned.Plural(days, "day"), hours, "hour")
}

// joinUnits appends "n unit" to first unless n is zero.
func joinUnits(first string, n int, unit string) string {
	if n == 0 {
		return first
	}
	return first + " " + presigned.Plural(n, unit)
}
