package ledger

import (
	"encoding/json"
	"errors"
	"fmt"
)

// FormatVersion is the newest format of ledger objects this version reads.
// Objects of a newer format are refused whole.
//
// Each object is written in the oldest format that holds it: format 1
// unless it carries opened events (format 2). An s3share that reads only
// format 1 stops at the first object with opened events and asks to be
// updated, rather than rejecting the object as damaged and losing the
// links issued in the same batch.
const FormatVersion = 2

// baseFormat is the format of objects without opened events: the
// marker, members, and batches and snapshots of links alone.
const baseFormat = 1

// formatOf is the oldest format that holds events.
func formatOf(events []Event) int {
	for _, e := range events {
		if e.Kind == KindOpened {
			return 2
		}
	}
	return baseFormat
}

// Limits on what is read from the bucket, against huge or hostile objects.
const (
	MaxLogBytes     = 4 << 20 // one log object
	maxBatchEvents  = 500     // events in one log object this version writes
	maxReadEvents   = 10000   // events in one log object it reads
	maxMemberBytes  = 64 << 10
	maxMarkerBytes  = 64 << 10
	maxDisplayBytes = 256
	maxIdentity     = 2048
)

// Batch is one log object: the events a writer pushed at once.
type Batch struct {
	Format int     `json:"format"`
	Writer string  `json:"writer"`
	Events []Event `json:"events"`
}

// EncodeBatch encodes events as a batch by writer, after checking each
// (Validate) and that writer wrote it.
func EncodeBatch(writer string, events []Event) ([]byte, error) {
	b := Batch{Format: formatOf(events), Writer: writer, Events: events}
	if err := b.validate(); err != nil {
		return nil, err
	}
	return json.Marshal(b)
}

// DecodeBatch decodes and checks one log object. An object of a newer
// format gives an error wrapping ErrNewerFormat; one that is not JSON, not
// a batch, or holds an invalid event wraps ErrDamaged, and one with an
// event by another writer than the batch's wraps ErrForged. Whether the
// writer is a member is for the caller to check.
func DecodeBatch(data []byte) (Batch, error) {
	if err := decodeFormat(data); err != nil {
		return Batch{}, err
	}
	var head struct {
		Format int               `json:"format"`
		Writer string            `json:"writer"`
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Batch{}, damaged(err)
	}
	if len(head.Events) > maxReadEvents {
		return Batch{}, fmt.Errorf("%w: %d events, more than the %d allowed", ErrDamaged, len(head.Events), maxReadEvents)
	}
	b := Batch{Format: head.Format, Writer: head.Writer, Events: make([]Event, len(head.Events))}
	for i, raw := range head.Events {
		if err := json.Unmarshal(raw, &b.Events[i]); err != nil {
			return Batch{}, fmt.Errorf("%w: event %d: %s", ErrDamaged, i+1, jsonProblem(err))
		}
	}
	return b, b.validate()
}

// validate checks a batch: its writer, its events and that each is by
// the batch's writer, with no id twice.
func (b Batch) validate() error {
	if !ValidName(b.Writer) {
		return fmt.Errorf("%w: writer %.70q is not a valid member name", ErrDamaged, b.Writer)
	}
	if len(b.Events) == 0 {
		return fmt.Errorf("%w: no events", ErrDamaged)
	}
	seen := make(map[string]bool, len(b.Events))
	for _, e := range b.Events {
		if err := e.Validate(); err != nil {
			return fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		if e.Writer != b.Writer {
			return fmt.Errorf("%w: event %s says it is by %s, the batch is by %s", ErrForged, e.ID, e.Writer, b.Writer)
		}
		if seen[e.ID] {
			return fmt.Errorf("%w: event %s appears twice", ErrDamaged, e.ID)
		}
		seen[e.ID] = true
	}
	return nil
}

// decodeFormat reads only the format of a document and refuses one this
// version does not read: a newer document is refused as newer, whatever
// else it holds.
func decodeFormat(data []byte) error {
	var head struct {
		Format int `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return damaged(err)
	}
	return checkFormat(head.Format)
}

// checkFormat refuses a format this version does not read.
func checkFormat(format int) error {
	switch {
	case format > FormatVersion:
		return fmt.Errorf("%w: written in format %d by a newer s3share (this one reads format %d): update s3share",
			ErrNewerFormat, format, FormatVersion)
	case format < 1:
		return fmt.Errorf("%w: no format version", ErrDamaged)
	}
	return nil
}

// damaged wraps a JSON decoding error as ErrDamaged in one line.
func damaged(err error) error {
	return fmt.Errorf("%w: %s", ErrDamaged, jsonProblem(err))
}

// jsonProblem says in one line what is wrong with a JSON document.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return fmt.Sprintf("%s is a JSON %s, which it cannot be", typ.Field, typ.Value)
		}
		return fmt.Sprintf("a JSON %s where an object belongs", typ.Value)
	}
	return "a field does not parse"
}
