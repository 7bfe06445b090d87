package ledger

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
)

// DefaultSnapshotEvery is how often a snapshot is written: by the writer
// of every log object whose number is a multiple of it. A first sync
// reads the newest snapshot and at most this many log objects after it,
// 8 at a time: 100 is 13 round trips (about a quarter of a second at
// 20 ms, two thirds at a distant region's 50 ms), well inside the 2 s a
// first sync may take, while the snapshots, which hold the whole state,
// are written no more than once per 100 pushes.
const DefaultSnapshotEvery = 100

// Limits on a snapshot: its size in the bucket and unpacked.
const (
	MaxSnapshotBytes    = 64 << 20
	maxSnapshotUnpacked = 512 << 20
)

// snapshotDoc is the content of snap/N.json.gz.
type snapshotDoc struct {
	Format int     `json:"format"`
	N      int64   `json:"n"` // the last log object folded in
	Events []Event `json:"events"`
}

// encodeSnapshot packs the deciding events of a state up to log object
// n. Equal states give equal bytes (the gzip header carries no time).
func encodeSnapshot(n int64, s *State) ([]byte, error) {
	events := s.Events()
	doc, err := json.Marshal(snapshotDoc{Format: formatOf(events), N: n, Events: events})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(doc); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeSnapshot unpacks (to at most unpacked bytes) and checks snapshot
// n: a newer format wraps ErrNewerFormat, anything else wrong ErrDamaged.
// Whether the writers are members is for the caller to check.
func decodeSnapshot(data []byte, n int64, unpacked int64) ([]Event, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: not gzip", ErrDamaged)
	}
	doc, err := io.ReadAll(io.LimitReader(zr, unpacked+1))
	if err != nil {
		return nil, fmt.Errorf("%w: the gzip stream is broken", ErrDamaged)
	}
	if int64(len(doc)) > unpacked {
		return nil, fmt.Errorf("%w: unpacks to more than %d bytes", ErrDamaged, unpacked)
	}
	if err := decodeFormat(doc); err != nil {
		return nil, err
	}
	var head struct {
		Format int               `json:"format"`
		N      int64             `json:"n"`
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(doc, &head); err != nil {
		return nil, damaged(err)
	}
	if head.N != n {
		return nil, fmt.Errorf("%w: says it folds the log up to %d, its name says %d", ErrDamaged, head.N, n)
	}
	events := make([]Event, len(head.Events))
	for i, raw := range head.Events {
		if err := json.Unmarshal(raw, &events[i]); err != nil {
			return nil, fmt.Errorf("%w: event %d: %s", ErrDamaged, i+1, jsonProblem(err))
		}
		if err := events[i].Validate(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
	}
	return events, nil
}
