package ledger_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/s3share/s3share/internal/testclock"
	"github.com/s3share/s3share/ledger"
)

func TestBatchRoundTrip(t *testing.T) {
	at := testclock.At(fixedAt)
	e := issued("ann", at, "dir/\x1b[2Jkey\u202e.png")
	e.Record.Label = "label \x00\x07\u2028 kept as data"
	e.Record.Filename = "name\r\n.png"
	body, err := ledger.EncodeBatch("ann", []ledger.Event{e})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ledger.DecodeBatch(body)
	if err != nil {
		t.Fatal(err)
	}
	if b.Format != 1 || b.Writer != "ann" || len(b.Events) != 1 {
		t.Fatalf("decoded %+v", b)
	}
	got := b.Events[0]
	if got.Record.Label != e.Record.Label || got.Record.Key != e.Record.Key || got.Record.Filename != e.Record.Filename ||
		!got.At.Equal(e.At) || got.ID != e.ID {
		t.Errorf("round trip changed the event: %+v", got)
	}
}

func TestEncodeBatchRefuses(t *testing.T) {
	e := issued("bob", fixedAt, "a.png")
	if _, err := ledger.EncodeBatch("ann", []ledger.Event{e}); !errors.Is(err, ledger.ErrForged) {
		t.Errorf("a batch by ann of bob's event = %v, want ErrForged", err)
	}
	if _, err := ledger.EncodeBatch("ann", nil); !errors.Is(err, ledger.ErrDamaged) {
		t.Errorf("an empty batch = %v, want ErrDamaged", err)
	}
}

// batchJSON is a batch document with the given fields replaced.
func batchJSON(t *testing.T, change func(m map[string]any)) []byte {
	t.Helper()
	body, err := ledger.EncodeBatch("ann", []ledger.Event{issued("ann", fixedAt, "a.png")})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecodeBatchRefuses(t *testing.T) {
	event := func(m map[string]any) map[string]any { return m["events"].([]any)[0].(map[string]any) }
	twice := issued("ann", fixedAt, "a.png")
	for name, tc := range map[string]struct {
		data []byte
		kind error
		says string
	}{
		"empty":          {[]byte(""), ledger.ErrDamaged, "not valid JSON"},
		"not json":       {[]byte("{\"format\":1,"), ledger.ErrDamaged, "not valid JSON"},
		"binary":         {[]byte("\x00\xff\x1b[31m"), ledger.ErrDamaged, "not valid JSON (at byte 1)"},
		"array":          {[]byte("[1,2]"), ledger.ErrDamaged, "a JSON array where an object belongs"},
		"null":           {[]byte("null"), ledger.ErrDamaged, "no format version"},
		"newer":          {batchJSON(t, func(m map[string]any) { m["format"] = 3; m["events"] = "who knows" }), ledger.ErrNewerFormat, "format 3 by a newer s3share"},
		"format text":    {batchJSON(t, func(m map[string]any) { m["format"] = "1" }), ledger.ErrDamaged, "format is a JSON string"},
		"no events":      {batchJSON(t, func(m map[string]any) { m["events"] = []any{} }), ledger.ErrDamaged, "no events"},
		"event number":   {batchJSON(t, func(m map[string]any) { m["events"] = []any{5} }), ledger.ErrDamaged, "event 1"},
		"bad time":       {batchJSON(t, func(m map[string]any) { event(m)["at"] = "yesterday" }), ledger.ErrDamaged, "event 1"},
		"writer escape":  {batchJSON(t, func(m map[string]any) { m["writer"] = "ann\x1b[2J" }), ledger.ErrDamaged, "not a valid member name"},
		"forged":         {batchJSON(t, func(m map[string]any) { event(m)["writer"] = "bob" }), ledger.ErrForged, "says it is by bob, the batch is by ann"},
		"unknown kind":   {batchJSON(t, func(m map[string]any) { event(m)["kind"] = "exploded" }), ledger.ErrDamaged, "unknown kind"},
		"signature left": {batchJSON(t, func(m map[string]any) { event(m)["record"].(map[string]any)["url"] = "https://h/k?X-Amz-Signature=s" }), ledger.ErrDamaged, "signature"},
		"same id twice": {batchJSON(t, func(m map[string]any) {
			raw, _ := json.Marshal(twice)
			var e map[string]any
			_ = json.Unmarshal(raw, &e)
			m["events"] = []any{e, e}
		}), ledger.ErrDamaged, "appears twice"},
	} {
		_, err := ledger.DecodeBatch(tc.data)
		if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want %v saying %q", name, err, tc.kind, tc.says)
			continue
		}
		if strings.ContainsAny(err.Error(), "\n\r\x1b\x00") {
			t.Errorf("%s: the error holds control characters: %q", name, err)
		}
	}
}

func TestDecodeBatchKeepsUnknownFields(t *testing.T) {
	data := batchJSON(t, func(m map[string]any) { m["added_later"] = true })
	if _, err := ledger.DecodeBatch(data); err != nil {
		t.Fatalf("a field added by a later version of the same format is refused: %v", err)
	}
}

// FuzzDecodeBatch: any bytes decode to a valid batch or an error wrapping
// ErrDamaged, ErrForged or ErrNewerFormat in one line, never a panic; a
// decoded batch encodes and decodes to itself.
func FuzzDecodeBatch(f *testing.F) {
	good, _ := ledger.EncodeBatch("ann", []ledger.Event{issued("ann", fixedAt, "a.png")})
	f.Add(good)
	f.Add([]byte(`{"format":1,"writer":"ann","events":[{"id":"00000000000000000000000000000000"}]}`))
	f.Add([]byte(`{"format":99}`))
	f.Add([]byte(`{"format":1,"writer":"a","events":[null]}`))
	f.Add([]byte("\x1f\x8b\x08"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ledger.DecodeBatch(data)
		if err != nil {
			if !errors.Is(err, ledger.ErrDamaged) && !errors.Is(err, ledger.ErrForged) && !errors.Is(err, ledger.ErrNewerFormat) {
				t.Fatalf("error of no kind: %v", err)
			}
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		again, err := ledger.EncodeBatch(b.Writer, b.Events)
		if err != nil {
			t.Fatalf("a decoded batch does not encode: %v", err)
		}
		b2, err := ledger.DecodeBatch(again)
		if err != nil {
			t.Fatalf("a re-encoded batch does not decode: %v", err)
		}
		if !reflect.DeepEqual(normal(b), normal(b2)) {
			t.Fatalf("round trip changed the batch:\n%+v\n%+v", b, b2)
		}
	})
}

// normal drops what a round trip may change without meaning (time zone
// representations) by re-encoding.
func normal(b ledger.Batch) string {
	out, _ := json.Marshal(b)
	return string(out)
}
