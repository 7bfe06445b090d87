package accesslog

import (
	"time"

	"github.com/s3share/s3share/termtext"
)

// Opens sums up what was done through one link.
type Opens struct {
	Opens         int       `json:"opens"`                     // GETs and HEADs answered 200, 206 or 304
	FirstOpen     time.Time `json:"first_open,omitzero"`       // the earliest open
	LastOpen      time.Time `json:"last_open,omitzero"`        // the latest open
	IPs           int       `json:"ips"`                       // distinct remote addresses of the opens
	LastUserAgent string    `json:"last_user_agent,omitempty"` // of the latest open, raw as logged
	AfterEnd      int       `json:"after_end"`                 // tries at or after the link's end
	LastAfterEnd  time.Time `json:"last_after_end,omitzero"`   // the latest of them
	BeforeStart   int       `json:"before_start"`              // tries before its signing time
	Tampered      int       `json:"tampered"`                  // 403 SignatureDoesNotMatch
	Gone          int       `json:"gone"`                      // 404: the object was gone
	Denied        int       `json:"denied"`                    // other refusals while it should work
	Checks        int       `json:"checks"`                    // s3share's own live checks
	Other         int       `json:"other"`                     // any other answer
}

// Escaped returns a copy of o whose strings are safe on a terminal.
func (o Opens) Escaped() Opens {
	o.LastUserAgent = termtext.Escape(o.LastUserAgent)
	return o
}

// Summarize sums hits up per link (Hit.Link), each request id once, in
// time order (within a second, the order given: "last" is the last of
// them). A
// gallery counted as one is the caller's to make: set the Link of its
// page's and images' hits to one id first.
func Summarize(hits []Hit) map[string]Opens {
	sorted := append([]Hit(nil), hits...)
	sortHits(sorted)
	out := map[string]Opens{}
	ips := map[string]map[string]bool{}
	seen := map[string]bool{}
	for _, h := range sorted {
		if seen[h.RequestID] {
			continue
		}
		seen[h.RequestID] = true
		o := out[h.Link]
		switch h.Kind {
		case KindOpen:
			o.Opens++
			if o.FirstOpen.IsZero() {
				o.FirstOpen = h.Time
			}
			o.LastOpen, o.LastUserAgent = h.Time, h.UserAgent
			if ips[h.Link] == nil {
				ips[h.Link] = map[string]bool{}
			}
			ips[h.Link][h.RemoteIP] = true
			o.IPs = len(ips[h.Link])
		case KindAfterEnd:
			o.AfterEnd++
			o.LastAfterEnd = h.Time
		case KindBeforeStart:
			o.BeforeStart++
		case KindTampered:
			o.Tampered++
		case KindGone:
			o.Gone++
		case KindDenied:
			o.Denied++
		case KindCheck:
			o.Checks++
		default:
			o.Other++
		}
		out[h.Link] = o
	}
	return out
}
