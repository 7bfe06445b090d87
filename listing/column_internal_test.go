package listing

import (
	"math"
	"slices"
	"testing"
	"time"
)

// A column gives back every value exactly, narrow when all fit and wide
// when one does not.
func TestColumnKeepsValues(t *testing.T) {
	sec := int64(time.Second)
	for _, c := range []struct {
		vals        []int64
		scale, none int64
		wantNarrow  bool
	}{
		{[]int64{0, 1, 7, math.MaxUint32 - 1, -1}, 1, -1, true},
		{[]int64{0, math.MaxUint32}, 1, -1, false},
		{[]int64{0, 1 << 40}, 1, -1, false},
		{[]int64{-2, 3}, 1, -1, false},
		{[]int64{1764237600 * sec, noTime, 0}, sec, noTime, true},
		{[]int64{1764237600*sec + 123e6, 0}, sec, noTime, false},
		{[]int64{-sec}, sec, noTime, false},
		{[]int64{(math.MaxUint32 + 1) * sec}, sec, noTime, false},
		{nil, 1, -1, true},
	} {
		col := newColumn(c.vals, c.scale, c.none)
		if narrow := col.wide == nil; narrow != c.wantNarrow {
			t.Errorf("%v: narrow %v, want %v", c.vals, narrow, c.wantNarrow)
		}
		var got []int64
		for i := range c.vals {
			got = append(got, col.get(i))
		}
		if !slices.Equal(got, c.vals) {
			t.Errorf("%v came back as %v", c.vals, got)
		}
	}
}
