package share

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/internal/testclock"
)

// testNow is the expiry tests' clock, moved with the test clock's shift
// (internal/testclock).
var testNow = testclock.At(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))

// stamp writes testNow+d in loc with layout: an absolute end to parse.
func stamp(d time.Duration, layout string, loc *time.Location) string {
	return testNow.Add(d).In(loc).Format(layout)
}

func TestParseExpiryAccepts(t *testing.T) {
	local := testclock.At(time.Date(2026, 11, 28, 17, 0, 0, 0, time.Local))
	nowLocal := local.Add(-30 * time.Hour)
	tests := []struct {
		in   string
		now  time.Time
		want time.Duration
	}{
		{"90s", testNow, 90 * time.Second},
		{"15m", testNow, 15 * time.Minute},
		{"1h", testNow, time.Hour},
		{"24h", testNow, 24 * time.Hour},
		{"36h", testNow, 36 * time.Hour},
		{"7d", testNow, MaxExpiry},
		{"1w", testNow, MaxExpiry},
		{"1d12h", testNow, 36 * time.Hour},
		{"1D12H", testNow, 36 * time.Hour},
		{" 2h30m15s ", testNow, 2*time.Hour + 30*time.Minute + 15*time.Second},
		{"1s", testNow, time.Second},
		{"604800s", testNow, MaxExpiry},
		{"6d23h59m59s", testNow, MaxExpiry - time.Second},
		{stamp(24*time.Hour, time.RFC3339, time.UTC), testNow, 24 * time.Hour},
		{stamp(time.Hour, time.RFC3339, time.FixedZone("", 3600)), testNow, time.Hour},
		{local.Format("2006-01-02 15:04"), nowLocal, 30 * time.Hour},
		{local.Format("2006-01-02T15:04"), nowLocal, 30 * time.Hour},
		{stamp(1900*time.Millisecond, "2006-01-02T15:04:05.9Z07:00", time.UTC), testNow, time.Second}, // truncated to whole seconds
	}
	for _, tt := range tests {
		got, err := ParseExpiry(tt.in, tt.now)
		if err != nil || got != tt.want {
			t.Errorf("ParseExpiry(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseExpiryRefuses(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"0", "no unit"},
		{"0s", "zero"},
		{"-1h", "negative"},
		{"8d", "too long"},
		{"2w", "too long"},
		{"604801s", "too long"},
		{"500ms", "not a duration"},
		{"abc", "not a duration"},
		{"1e9h", "not a duration"},
		{"", "empty"},
		{"   ", "empty"},
		{"1.5h", "not a duration"},
		{"h", "not a duration"},
		{"99999999999999999999999d", "too long"},
		{stamp(-time.Hour, time.RFC3339, time.UTC), "in the past"},
		{stamp(0, time.RFC3339, time.UTC), "in the past"},
		{stamp(500*time.Millisecond, "2006-01-02T15:04:05.9Z07:00", time.UTC), "in the past"},
		{stamp(8*24*time.Hour+time.Second, time.RFC3339, time.UTC), "more than 7 days"},
	}
	for _, tt := range tests {
		d, err := ParseExpiry(tt.in, testNow)
		if err == nil {
			t.Errorf("ParseExpiry(%q) = %v, want an error", tt.in, d)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, ErrBadExpiry) {
			t.Errorf("ParseExpiry(%q): %v does not wrap ErrBadExpiry", tt.in, err)
		}
		if !strings.Contains(msg, tt.reason) || !strings.Contains(msg, "1s to 7d") || strings.Contains(msg, "\n") {
			t.Errorf("ParseExpiry(%q) error %q: want one line with %q and the range", tt.in, msg, tt.reason)
		}
	}
}

func TestParseExpiryMessage(t *testing.T) {
	_, err := ParseExpiry("8d", testNow)
	want := `expiry "8d" is too long: links can last 1s to 7d (S3's limit)`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestCheckExpiry(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Hour, 500 * time.Millisecond, 1500 * time.Millisecond, MaxExpiry + time.Second, 8 * 24 * time.Hour} {
		if err := CheckExpiry(d); !errors.Is(err, ErrBadExpiry) {
			t.Errorf("CheckExpiry(%v) = %v, want ErrBadExpiry", d, err)
		}
	}
	for _, d := range []time.Duration{time.Second, time.Hour, MaxExpiry} {
		if err := CheckExpiry(d); err != nil {
			t.Errorf("CheckExpiry(%v) = %v", d, err)
		}
	}
}

func TestFormatExpiry(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{90 * time.Second, "1m30s"},
		{15 * time.Minute, "15m"},
		{time.Hour, "1h"},
		{24 * time.Hour, "24h"},
		{36 * time.Hour, "1d12h"},
		{48 * time.Hour, "2d"},
		{MaxExpiry, "7d"},
		{time.Second, "1s"},
		{0, "0s"},
		{-time.Hour, "-1h"},
		{25*time.Hour + time.Second, "1d1h1s"},
	}
	for _, tt := range tests {
		if got := FormatExpiry(tt.d); got != tt.want {
			t.Errorf("FormatExpiry(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFormatParseRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{time.Second, 90 * time.Second, time.Hour, 24 * time.Hour, 36 * time.Hour, MaxExpiry} {
		got, err := ParseExpiry(FormatExpiry(d), testNow)
		if err != nil || got != d {
			t.Errorf("round trip %v: %v, %v", d, got, err)
		}
	}
}

func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"90s", "15m", "1h", "24h", "36h", "7d", "1w", "1d12h", "0", "-1h", "8d", "500ms",
		"abc", "1e9h", "", "2026-12-01 17:00", "2026-11-28T10:00:00Z", "99999999999999999999s", "1w1w", "7d1s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseExpiry(s, testNow)
		if err != nil {
			if !errors.Is(err, ErrBadExpiry) {
				t.Fatalf("ParseExpiry(%q): error %v does not wrap ErrBadExpiry", s, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseExpiry(%q): multi-line error %q", s, err)
			}
			return
		}
		if d < MinExpiry || d > MaxExpiry || d%time.Second != 0 {
			t.Fatalf("ParseExpiry(%q) = %v: out of range or not whole seconds", s, d)
		}
	})
}

// TestIssueUntilAnAbsoluteTime: a request with Until ends exactly then,
// whatever fraction of a second it was parsed and signed at; an end that
// passed before signing is refused.
func TestIssueUntilAnAbsoluteTime(t *testing.T) {
	parsed := testNow.Add(700 * time.Millisecond)
	e, err := ParseExpiryEnd(stamp(7*time.Hour, time.RFC3339, time.UTC), parsed)
	if err != nil || !e.Until.Equal(testNow.Add(7*time.Hour)) || e.Duration != 7*time.Hour-time.Second {
		t.Fatalf("ParseExpiryEnd = %+v, %v", e, err)
	}
	signer := &countingSigner{creds: aws.Credentials{AccessKeyID: "AK", SecretAccessKey: "SK"}}
	signedAt := testNow.Add(1300 * time.Millisecond) // the checks took a moment
	links, err := issue(context.Background(), signer, func() time.Time { return signedAt }, []Request{{Bucket: "b", Key: "k", Expires: e.Duration, Until: e.Until}})
	if err != nil {
		t.Fatal(err)
	}
	if !links[0].ExpiresAt.Equal(e.Until) || !links[0].EffectiveExpiresAt.Equal(e.Until) {
		t.Errorf("recorded end %v / %v, want %v", links[0].ExpiresAt, links[0].EffectiveExpiresAt, e.Until)
	}

	late := func() time.Time { return e.Until.Add(time.Second) }
	_, err = issue(context.Background(), signer, late, []Request{{Bucket: "b", Key: "k", Expires: e.Duration, Until: e.Until}})
	if !errors.Is(err, ErrBadExpiry) || !strings.Contains(err.Error(), "has passed") {
		t.Errorf("an end that passed before signing: %v", err)
	}
}
