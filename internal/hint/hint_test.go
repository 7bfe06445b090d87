package hint

import (
	"errors"
	"fmt"
	"testing"
)

func TestOfFindsTheSettingThroughWrapping(t *testing.T) {
	base := errors.New("is corrupt: use another history file")
	err := fmt.Errorf("history %s: %w", "/tmp/h.db", With(base, History))
	if s, ok := Of(err); !ok || s != History {
		t.Errorf("Of = %q, %v; want history", s, ok)
	}
	if !errors.Is(err, base) || err.Error() != "history /tmp/h.db: is corrupt: use another history file" {
		t.Errorf("the hint changed the error: %v", err)
	}
	if _, ok := Of(base); ok {
		t.Error("an error without a hint has one")
	}
	if With(nil, History) != nil {
		t.Error("With(nil) is not nil")
	}
}
