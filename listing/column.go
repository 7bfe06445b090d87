package listing

import (
	"math"
	"slices"
)

// column holds one number per object of a page (sizes, times): 4 bytes
// each when every value of the page is a whole multiple of the column's
// scale in range, as nearly all are (objects under 4 GiB, times in whole
// seconds as S3 keeps them), else 8.
type column struct {
	narrow []uint32 // value/scale; noValue for none
	wide   []int64  // the values, when one did not fit
	scale  int64
	none   int64 // the value noValue stands for
}

// noValue is none in a narrow column.
const noValue = math.MaxUint32

// newColumn stores vals (copied), 4 bytes each when they all fit.
func newColumn(vals []int64, scale, none int64) column {
	c := column{narrow: make([]uint32, len(vals)), scale: scale, none: none}
	for i, v := range vals {
		switch {
		case v == none:
			c.narrow[i] = noValue
		case v >= 0 && v%scale == 0 && v/scale < noValue:
			c.narrow[i] = uint32(v / scale)
		default:
			return column{wide: slices.Clone(vals), scale: scale, none: none}
		}
	}
	return c
}

// get is value i.
func (c column) get(i int) int64 {
	if c.wide != nil {
		return c.wide[i]
	}
	if u := c.narrow[i]; u != noValue {
		return int64(u) * c.scale
	}
	return c.none
}
