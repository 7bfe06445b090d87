package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// helpScreens are the screens of the totality test, and the buckets
// screen once its listing failed (its help changes then).
func helpScreens() []totalScreen {
	failed := totalScreen{"buckets, listing failed", 120, func(h *harness) {
		h.send(bucketsMsg{seq: seqOf(h, bucketsSeq), err: errTotal})
	}, "buckets", nil}
	return append(append([]totalScreen(nil), totalScreens...), failed)
}

// twice names the keys listed more than once in bindings.
func twice(bindings []key.Binding) []string {
	seen, out := map[string]bool{}, []string(nil)
	for _, b := range bindings {
		k := b.Help().Key
		if seen[k] {
			out = append(out, k+" "+b.Help().Desc)
		}
		seen[k] = true
	}
	return out
}

// TestNoHelpListsABindingTwice: on every screen neither the short help
// (any of its widths) nor the full help lists a key twice: a screen's own
// keys and the global ones ("o open s3://…", "esc back") overlap.
func TestNoHelpListsABindingTwice(t *testing.T) {
	env := newTotalEnv(t)
	for _, sc := range helpScreens() {
		t.Run(sc.name, func(t *testing.T) {
			h := env.harness(t, sc.width, 30)
			sc.open(h)
			short, full := h.m.helpLists()
			for _, c := range short {
				if dup := twice(c); len(dup) > 0 {
					t.Errorf("the short help lists %q twice", dup)
				}
			}
			var all []key.Binding
			for _, row := range full {
				all = append(all, row...)
			}
			if dup := twice(all); len(dup) > 0 {
				t.Errorf("the full help lists %q twice", dup)
			}
		})
	}
}

// TestHelpAsReported: the two help lines the newcomer saw twice, as drawn.
func TestHelpAsReported(t *testing.T) {
	env := newTotalEnv(t)
	helpLine := func(h *harness) string {
		lines := strings.Split(h.view(), "\n")
		return strings.Join(lines[len(lines)-1-strings.Count(h.m.helpView(), "\n"):], "\n")
	}
	h := env.harness(t, 120, 30)
	h.send(bucketsMsg{seq: seqOf(h, bucketsSeq), err: errTotal})
	if n := strings.Count(helpLine(h), "o open s3://…"); n != 1 {
		t.Errorf("the failed buckets screen's help shows \"o open s3://…\" %d times:\n%s", n, helpLine(h))
	}
	h = env.harness(t, 120, 30)
	h.keys("enter", "down", "s", "enter", "?")
	if n := strings.Count(helpLine(h), "esc"); n != 1 {
		t.Errorf("the share result's full help shows esc %d times:\n%s", n, helpLine(h))
	}
}
