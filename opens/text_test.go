package opens

import (
	"testing"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/testclock"
)

// now is the fixed clock of the text tests.
var now = testclock.At(time.Date(2026, 11, 27, 14, 3, 0, 0, time.UTC))

func TestColumn(t *testing.T) {
	for _, c := range []struct {
		o    accesslog.Opens
		want string
	}{
		{accesslog.Opens{}, "not yet"},
		{accesslog.Opens{Checks: 4, Tampered: 1}, "not yet"},
		{accesslog.Opens{Opens: 3, LastOpen: now.Add(-2 * time.Hour)}, "3×, last 2h ago"},
		{accesslog.Opens{Opens: 1, LastOpen: now.Add(-10 * time.Second)}, "1×, last just now"},
		{accesslog.Opens{AfterEnd: 1}, "tried 1× after it ended"},
		{accesslog.Opens{Opens: 3, AfterEnd: 2}, "3×, tried 2× after end"},
	} {
		if got := Column(c.o, now); got != c.want {
			t.Errorf("Column(%+v) = %q, want %q", c.o, got, c.want)
		}
	}
}

func TestUpTo(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Time{}, "logs not read yet"},
		{now.Add(-2 * time.Hour), "logs up to " + now.Add(-2*time.Hour).Format("15:04")},
		{now.AddDate(0, 0, -3), "logs up to " + now.AddDate(0, 0, -3).Format(dayLayout(now.AddDate(0, 0, -3)))},
		{now.AddDate(-1, 0, 0), "logs up to " + now.AddDate(-1, 0, 0).Format("2 Jan 2006 15:04")},
	} {
		if got := UpTo(c.t, now, time.UTC); got != c.want {
			t.Errorf("UpTo(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}

func TestDetailEscapes(t *testing.T) {
	o := accesslog.Opens{Opens: 2, IPs: 1, FirstOpen: now.Add(-26 * time.Hour), LastOpen: now.Add(-time.Hour),
		LastUserAgent: "evil\x1b[2J\u202eagent", AfterEnd: 1, LastAfterEnd: now.Add(-time.Minute), Tampered: 1}
	got := Detail(o, now, time.UTC)
	want := "opened 2× from 1 IP, first " + now.Add(-26*time.Hour).Format("2 Jan 15:04") + ", last " + now.Add(-time.Hour).Format("15:04") +
		` (by evil\x1b[2J\u202eagent); tried 1× after it ended, last ` + now.Add(-time.Minute).Format("15:04") +
		": renew it; 1× with a changed or cut URL"
	if got != want {
		t.Errorf("Detail:\n got %q\nwant %q", got, want)
	}
	if got := Detail(accesslog.Opens{}, now, time.UTC); got != "not opened yet" {
		t.Errorf("Detail of nothing = %q", got)
	}
}

// dayLayout is how UpTo writes a day before now's: with the year when it
// is another year's (the clock of the tests moves).
func dayLayout(t time.Time) string {
	if t.Year() != now.Year() {
		return "2 Jan 2006 15:04"
	}
	return "2 Jan 15:04"
}
