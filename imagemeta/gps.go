package imagemeta

import (
	"fmt"
	"math"
)

// Position is a point on Earth as an image records it.
type Position struct {
	Latitude  float64 // degrees, north positive
	Longitude float64 // degrees, east positive
	// Altitude in metres above sea level, when HasAltitude.
	Altitude    float64
	HasAltitude bool
}

// String formats the position as "48.85837, 2.29448", to five decimals
// (about a metre).
func (p Position) String() string {
	return fmt.Sprintf("%.5f, %.5f", p.Latitude, p.Longitude)
}

// GPS tags read for the position.
const (
	gpsLatRef = 1
	gpsLat    = 2
	gpsLonRef = 3
	gpsLon    = 4
	gpsAltRef = 5
	gpsAlt    = 6
)

// gpsIFD is a parsed GPS IFD: the bytes it uses and what it says.
type gpsIFD struct {
	spans []span    // its table and its out-of-line values
	tags  int       // number of entries
	pos   *Position // nil when there is no readable latitude and longitude
}

// readGPS parses the GPS IFD at off. Every byte it uses must be inside the
// block and of a known type, or the zeroing could miss or overrun.
func (t *tiff) readGPS(off uint32) (gpsIFD, error) {
	d, err := t.readIFD(off)
	if err != nil {
		return gpsIFD{}, err
	}
	g := gpsIFD{spans: []span{{d.off, d.end}}, tags: len(d.entries)}
	byTag := map[uint16]entry{}
	for _, e := range d.entries {
		v, out, known, in := t.value(e)
		switch {
		case !known:
			return gpsIFD{}, malformed("GPS tag %d has unknown type %d", e.tag, e.typ)
		case !in:
			return gpsIFD{}, malformed("GPS tag %d points outside the EXIF block", e.tag)
		case out:
			g.spans = append(g.spans, v)
		}
		byTag[e.tag] = e
	}
	g.pos = t.position(byTag)
	return g, nil
}

// position reads latitude, longitude and altitude, or nil.
func (t *tiff) position(tags map[uint16]entry) *Position {
	lat, ok1 := t.degrees(tags[gpsLat], tags[gpsLatRef], 'S', 90)
	lon, ok2 := t.degrees(tags[gpsLon], tags[gpsLonRef], 'W', 180)
	if !ok1 || !ok2 {
		return nil
	}
	p := &Position{Latitude: lat, Longitude: lon}
	if alt, ok := t.rationals(tags[gpsAlt], 1); ok {
		p.Altitude, p.HasAltitude = alt[0], true
		if ref, ok := tags[gpsAltRef]; ok && ref.typ == 1 && ref.count >= 1 && t.b[ref.at+8] == 1 {
			p.Altitude = -p.Altitude
		}
	}
	return p
}

// degrees reads degrees, minutes and seconds with their hemisphere
// reference; neg is the reference letter that makes the value negative.
func (t *tiff) degrees(v, ref entry, neg byte, limit float64) (float64, bool) {
	dms, ok := t.rationals(v, 3)
	if !ok {
		return 0, false
	}
	deg := dms[0] + dms[1]/60 + dms[2]/3600
	if ref.typ == 2 && ref.count >= 1 && t.b[ref.at+8] == neg {
		deg = -deg
	}
	if math.IsNaN(deg) || math.Abs(deg) > limit {
		return 0, false
	}
	return deg, true
}

// rationals reads n unsigned RATIONAL values of an entry.
func (t *tiff) rationals(e entry, n int) ([]float64, bool) {
	if e.typ != 5 || int(e.count) != n {
		return nil, false
	}
	s, _, _, in := t.value(e)
	if !in {
		return nil, false
	}
	out := make([]float64, n)
	for i := range out {
		num, den := t.bo.Uint32(t.b[s.off+8*i:]), t.bo.Uint32(t.b[s.off+8*i+4:])
		if den == 0 {
			return nil, false
		}
		out[i] = float64(num) / float64(den)
	}
	return out, true
}
