package testclock

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true}, {"+400d", 400 * 24 * time.Hour, true}, {"-400d", -400 * 24 * time.Hour, true},
		{"36h", 36 * time.Hour, true}, {"x", 0, false}, {"1.5d", 0, false}, {"d", 0, false},
	} {
		got, err := parse(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("parse(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
