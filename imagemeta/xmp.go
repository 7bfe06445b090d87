package imagemeta

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// The XMP namespace of the EXIF properties, GPS ones among them.
const exifNS = `http://ns\.adobe\.com/exif/1\.0/`

// exifPrefix finds the prefixes bound to the EXIF namespace.
var exifPrefix = regexp.MustCompile(`xmlns:([A-Za-z_][-A-Za-z0-9_.]*)\s*=\s*(?:"` + exifNS + `"|'` + exifNS + `')`)

// gpsLeft finds GPS coordinates still present after blanking: a form this
// package does not understand.
var gpsLeft = regexp.MustCompile(`GPS(?:Latitude|Longitude|DestLatitude|DestLongitude)`)

// xmpProp is one GPS property of an XMP packet.
type xmpProp struct {
	name  string // local name, e.g. GPSLatitude
	value string // its text, for simple values
	at    span   // the bytes to blank
}

// xmpProps finds the GPS properties, as attributes or elements, of every
// prefix bound to the EXIF namespace.
func xmpProps(p []byte) []xmpProp {
	var out []xmpProp
	seen := map[string]bool{}
	for _, m := range exifPrefix.FindAllSubmatch(p, -1) {
		prefix := string(m[1])
		if seen[prefix] {
			continue
		}
		seen[prefix] = true
		out = append(out, xmpAttrs(p, prefix)...)
		out = append(out, xmpElems(p, prefix)...)
	}
	return out
}

// xmpAttrs finds prefix:GPS...="..." attributes.
func xmpAttrs(p []byte, prefix string) []xmpProp {
	re := regexp.MustCompile(`\s(` + regexp.QuoteMeta(prefix) + `:(GPS[A-Za-z0-9]*))\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	var out []xmpProp
	for _, m := range re.FindAllSubmatchIndex(p, -1) {
		v := m[6:8]
		if v[0] < 0 {
			v = m[8:10]
		}
		out = append(out, xmpProp{
			name:  string(p[m[4]:m[5]]),
			value: string(p[v[0]:v[1]]),
			at:    span{m[2], m[1]},
		})
	}
	return out
}

// xmpElems finds <prefix:GPS...>...</prefix:GPS...> elements (and empty
// ones).
func xmpElems(p []byte, prefix string) []xmpProp {
	re := regexp.MustCompile(`<(` + regexp.QuoteMeta(prefix) + `:(GPS[A-Za-z0-9]*))[\s/>]`)
	var out []xmpProp
	for _, m := range re.FindAllSubmatchIndex(p, -1) {
		qname, name := string(p[m[2]:m[3]]), string(p[m[4]:m[5]])
		gt := bytes.IndexByte(p[m[3]:], '>')
		if gt < 0 {
			continue
		}
		startEnd := m[3] + gt + 1
		if p[startEnd-2] == '/' {
			out = append(out, xmpProp{name: name, at: span{m[0], startEnd}})
			continue
		}
		closeAt := bytes.Index(p[startEnd:], []byte("</"+qname))
		if closeAt < 0 {
			continue
		}
		closeAt += startEnd
		gt = bytes.IndexByte(p[closeAt:], '>')
		if gt < 0 {
			continue
		}
		out = append(out, xmpProp{
			name:  name,
			value: strings.TrimSpace(string(p[startEnd:closeAt])),
			at:    span{m[0], closeAt + gt + 1},
		})
	}
	return out
}

// xmpGPS reads the GPS properties of an XMP packet.
func xmpGPS(p []byte) gpsFound {
	props := xmpProps(p)
	f := gpsFound{refs: len(props), tags: len(props), pos: xmpPosition(props)}
	if f.refs == 0 && gpsLeft.Match(p) {
		f.refs, f.tags = 1, 1
	}
	return f
}

// stripXMP overwrites the GPS properties of an XMP packet with spaces, in
// place; the packet stays well-formed and keeps its length.
func stripXMP(p []byte) (gpsFound, error) {
	props := xmpProps(p)
	for _, pr := range props {
		for i := pr.at.off; i < pr.at.end; i++ {
			p[i] = ' '
		}
	}
	if gpsLeft.Match(p) {
		return gpsFound{}, unsupported("XMP holds GPS coordinates in a form not understood")
	}
	return gpsFound{refs: len(props), tags: len(props), pos: xmpPosition(props)}, nil
}

// xmpPosition reads latitude and longitude from GPS properties, or nil.
func xmpPosition(props []xmpProp) *Position {
	var lat, lon float64
	var okLat, okLon bool
	for _, pr := range props {
		switch pr.name {
		case "GPSLatitude":
			lat, okLat = xmpCoordinate(pr.value, 'N', 'S', 90)
		case "GPSLongitude":
			lon, okLon = xmpCoordinate(pr.value, 'E', 'W', 180)
		}
	}
	if !okLat || !okLon {
		return nil
	}
	return &Position{Latitude: lat, Longitude: lon}
}

// xmpCoordinate parses an XMP GPSCoordinate, "DDD,MM,SSk" or "DDD,MM.mmk",
// where k is pos or neg.
func xmpCoordinate(s string, pos, neg byte, limit float64) (float64, bool) {
	if len(s) < 2 {
		return 0, false
	}
	k := s[len(s)-1]
	if k != pos && k != neg {
		return 0, false
	}
	parts := strings.Split(s[:len(s)-1], ",")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	deg, scale := 0.0, 1.0
	for _, part := range parts {
		v, err := strconv.ParseFloat(part, 64)
		if err != nil || v < 0 {
			return 0, false
		}
		deg += v / scale
		scale *= 60
	}
	if k == neg {
		deg = -deg
	}
	if deg > limit || deg < -limit {
		return 0, false
	}
	return deg, true
}
