package share

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/presigned"
)

// MaxSkew is how far the server's clock may differ from ours before links
// are warned about and their recorded end is corrected for it.
const MaxSkew = 2 * time.Minute

// skewWarning says what a clock skew (server minus local) does to links,
// or "" within MaxSkew.
func skewWarning(skew time.Duration) string {
	d := presigned.RoughDuration(skew)
	switch {
	case skew > MaxSkew:
		return fmt.Sprintf("this computer's clock is %s behind the server's: links stop working %s early (the recorded end allows for it); fix the clock (enable NTP)", d, d)
	case skew < -MaxSkew:
		return fmt.Sprintf("this computer's clock is %s ahead of the server's: links may be refused for their first %s; fix the clock (enable NTP)", d, d)
	}
	return ""
}

// sessionWarning is given for session tokens whose lifetime is unknown.
const sessionWarning = "temporary session credentials of unknown lifetime: links may end early"

// KeyWarnings warns about keys with "./" or "../" segments, which browsers
// and curl normalise away, so such links do not open as given.
func KeyWarnings(key string) []string {
	var dot, dotdot bool
	for _, seg := range strings.Split(key, "/") {
		dot = dot || seg == "."
		dotdot = dotdot || seg == ".."
	}
	var w []string
	if dot {
		w = append(w, fmt.Sprintf("key %q has a \"./\" segment: browsers and curl drop it, so the link may not open (curl --path-as-is works)", key))
	}
	if dotdot {
		w = append(w, fmt.Sprintf("key %q has a \"../\" segment: browsers and curl resolve it, so the link may not open (curl --path-as-is works)", key))
	}
	return w
}

// credentialWarning says how credentials c limit a link signed at now and
// asked to end at end, with relative times: "credentials expire at 15:04
// (in 47m): links end then, not in 24h"; nil when they do not.
func credentialWarning(c aws.Credentials, now, end time.Time) []string {
	switch {
	case c.CanExpire && c.Expires.Before(end):
		left := c.Expires.Sub(now).Round(time.Minute)
		if left < time.Minute {
			left = c.Expires.Sub(now).Round(time.Second)
		}
		return []string{fmt.Sprintf("credentials expire at %s (in %s): links end then, not in %s",
			clock(c.Expires, now), FormatExpiry(left), FormatExpiry(end.Sub(now)))}
	case !c.CanExpire && c.SessionToken != "":
		return []string{sessionWarning}
	}
	return nil
}

// clock formats t as "15:04" when it falls on the same local day as ref,
// else as "Mon 2 Jan 15:04".
func clock(t, ref time.Time) string {
	t, ref = t.Local(), ref.Local()
	if t.YearDay() == ref.YearDay() && t.Year() == ref.Year() {
		return t.Format("15:04")
	}
	return t.Format("Mon 2 Jan 15:04")
}
