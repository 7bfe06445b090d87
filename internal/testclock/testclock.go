// Package testclock is the clock of the fixed-clock tests. A test writes
// the date it was written for, testclock.At(time.Date(2026, 11, 27, ...)),
// and gets it moved by S3SHARE_TEST_CLOCK_SHIFT ("+400d", "-400d", any
// time.ParseDuration value, or a whole number of days with a "d" suffix).
// make test runs the packages that use it again with the clock a year and
// more ahead and behind: code under test that reads the wall clock instead
// of the injected one fails at once, not weeks later on every machine.
package testclock

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Env is the variable that moves every fixed clock.
const Env = "S3SHARE_TEST_CLOCK_SHIFT"

// shift is the parsed Env, read once.
var shift, shiftErr = parse(os.Getenv(Env))

// At returns t moved by the shift. A malformed shift panics: a test run
// that asked for a shift must not silently run without one.
func At(t time.Time) time.Time {
	if shiftErr != nil {
		panic(shiftErr)
	}
	return t.Add(shift)
}

// Name is the shift as given ("+400d"), "" when the clocks are not moved:
// a tag for the files (goldens) that differ under a shift.
func Name() string {
	if shift == 0 {
		return ""
	}
	return strings.TrimSpace(os.Getenv(Env))
}

// parse reads a shift: "" is none.
func parse(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, fmt.Errorf("%s=%q: want a number of days such as +400d or -400d", Env, s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: want +400d, -400d or a Go duration", Env, s)
	}
	return d, nil
}
