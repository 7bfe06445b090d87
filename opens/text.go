package opens

import (
	"fmt"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/presigned"
)

// Column says in a few words what was done through a link, as the
// history's "opened" column shows it in both front ends: "3×, last 2h
// ago", "not yet" (never "never": logs arrive hours late), "tried 1× after
// it ended", or "3×, tried 1× after end".
func Column(o accesslog.Opens, now time.Time) string {
	switch {
	case o.Opens == 0 && o.AfterEnd == 0:
		return "not yet"
	case o.Opens == 0:
		return fmt.Sprintf("tried %d× after it ended", o.AfterEnd)
	case o.AfterEnd == 0:
		return fmt.Sprintf("%d×, last %s", o.Opens, presigned.CheckedAgo(now, o.LastOpen))
	}
	return fmt.Sprintf("%d×, tried %d× after end", o.Opens, o.AfterEnd)
}

// UpTo says how far the logs read go, in loc: "logs up to 14:05" today,
// "logs up to 26 Nov 14:05" before, with the year when it is not now's;
// "logs not read yet" when none was read.
func UpTo(t, now time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "logs not read yet"
	}
	t, now = t.In(loc), now.In(loc)
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return "logs up to " + t.Format("15:04")
	case t.Year() == now.Year():
		return "logs up to " + t.Format("2 Jan 15:04")
	}
	return "logs up to " + t.Format("2 Jan 2006 15:04")
}

// Detail is a link's opens in a sentence, for a link's own view: "opened
// 3× from 2 IPs, first 27 Nov 12:01, last 14:03 (by curl/8.5.0)", then the
// tries after its end, which mean a renew is due. The user agent is
// escaped here.
func Detail(o accesslog.Opens, now time.Time, loc *time.Location) string {
	o = o.Escaped()
	text := "not opened yet"
	if o.Opens > 0 {
		text = fmt.Sprintf("opened %d× from %s, first %s, last %s", o.Opens, presigned.Plural(o.IPs, "IP"),
			when(o.FirstOpen, now, loc), when(o.LastOpen, now, loc))
		if o.LastUserAgent != "" {
			text += " (by " + o.LastUserAgent + ")"
		}
	}
	if o.AfterEnd > 0 {
		text += fmt.Sprintf("; tried %d× after it ended, last %s: renew it", o.AfterEnd, when(o.LastAfterEnd, now, loc))
	}
	if o.Tampered > 0 {
		text += fmt.Sprintf("; %d× with a changed or cut URL", o.Tampered)
	}
	if o.Gone > 0 {
		text += fmt.Sprintf("; %d× when the object was gone", o.Gone)
	}
	return text
}

// when is a time of the logs: the time of day today, else the day too.
func when(t, now time.Time, loc *time.Location) string {
	t, now = t.In(loc), now.In(loc)
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04")
	}
	return t.Format("2 Jan 15:04")
}
