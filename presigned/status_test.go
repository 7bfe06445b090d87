package presigned

import (
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testclock"
)

func TestStatusAt(t *testing.T) {
	issued := testNow
	cases := []struct {
		name      string
		life, eff time.Duration // requested life; effective life when the credentials end it first
		age       time.Duration // how long after issue we look
		want      Status
	}{
		{"fresh 1h link", time.Hour, 0, time.Second, StatusActive},
		{"1h link past half", time.Hour, 0, 31 * time.Minute, StatusExpiringSoon},
		{"fresh 15m link", 15 * time.Minute, 0, 0, StatusActive},
		{"15m link past half", 15 * time.Minute, 0, 8 * time.Minute, StatusExpiringSoon},
		{"24h link, 2h left", 24 * time.Hour, 0, 22 * time.Hour, StatusActive},
		{"24h link, 59m left", 24 * time.Hour, 0, 23*time.Hour + time.Minute, StatusExpiringSoon},
		{"at its end", time.Hour, 0, time.Hour, StatusExpired},
		{"long past", time.Hour, 0, 5 * time.Hour, StatusExpired},
		{"credentials ended it", 24 * time.Hour, time.Hour, 2 * time.Hour, StatusEndedEarly},
		{"credentials end it soon", 24 * time.Hour, 2 * time.Hour, 90 * time.Minute, StatusExpiringSoon},
	}
	for _, tc := range cases {
		l := Link{IssuedAt: issued, ExpiresAt: issued.Add(tc.life), EffectiveExpiresAt: issued.Add(tc.life)}
		if tc.eff > 0 {
			l.EffectiveExpiresAt = issued.Add(tc.eff)
		}
		if got := l.StatusAt(issued.Add(tc.age)); got != tc.want {
			t.Errorf("%s: status %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTimeLeft(t *testing.T) {
	l := Link{IssuedAt: testNow, ExpiresAt: testNow.Add(24 * time.Hour), EffectiveExpiresAt: testNow.Add(3 * time.Hour)}
	cases := map[time.Duration]string{
		0:                                 "in 3h",
		2*time.Hour + 30*time.Minute + 20: "in 30m",
		3*time.Hour - 40*time.Second:      "in 40s",
		6 * time.Hour:                     "expired 3h ago",
		3*time.Hour + 50*time.Hour:        "expired 2d2h ago",
	}
	for age, want := range cases {
		if got := l.TimeLeft(testNow.Add(age)); got != want {
			t.Errorf("after %v: %q, want %q (counting from the effective end)", age, got, want)
		}
	}
}

// TestTimeLeftIsTruthfulWhenShort: under ten minutes the seconds count, so
// a 90 s link does not read "in 2m".
func TestTimeLeftIsTruthfulWhenShort(t *testing.T) {
	cases := map[time.Duration]string{
		90 * time.Second:                      "in 1m30s",
		90*time.Second + 400*time.Millisecond: "in 1m30s",
		2 * time.Minute:                       "in 2m",
		2*time.Minute + time.Second:           "in 2m1s",
		9*time.Minute + 59*time.Second:        "in 9m59s",
		10 * time.Minute:                      "in 10m",
		45 * time.Second:                      "in 45s",
		-(4*time.Minute + 5*time.Second):      "expired 4m5s ago",
	}
	for left, want := range cases {
		l := Link{IssuedAt: testNow, ExpiresAt: testNow.Add(left), EffectiveExpiresAt: testNow.Add(left)}
		if left < 0 {
			l.IssuedAt = testNow.Add(2 * left)
		}
		if got := l.TimeLeft(testNow); got != want {
			t.Errorf("%v left: %q, want %q", left, got, want)
		}
	}
}

// testNow is the fixed clock of these tests (moved by
// S3SHARE_TEST_CLOCK_SHIFT, as every fixed clock is).
var testNow = testclock.At(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
