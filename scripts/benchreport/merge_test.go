package main

import (
	"strings"
	"testing"
)

// report is a small BENCHMARKS.md: its machine line (and an update's
// note under it), figures, count, benchmark lines and listing rows.
func report(machine string, figures []string, count string, bench, listing []string) string {
	const fence = "```"
	return "# Benchmarks\n\nMachine: " + machine + "\n\n" +
		"| Figure | Target | Measured | Ratio | Result |\n|---|---|---|---|---|\n" + strings.Join(figures, "\n") + "\n\n" +
		count + "\n\n## Raw results\n\n" + fence + "\n" + strings.Join(bench, "\n") + "\n" + fence + "\n\n" +
		"| Command | Objects | Peak RSS | Time | Filter keystrokes on screen |\n|---|---|---|---|---|\n" + strings.Join(listing, "\n") + "\n"
}

// A partial run replaces the rows, lines and table rows it measured and
// leaves the rest, adds what the old report lacked, and counts again.
func TestMergeReport(t *testing.T) {
	a := "| A | ≤ 1 ms | 0.50 ms | 0.50 | pass |"
	b := "| B | ≤ 40 MB | 38.9 MB | 0.97 | pass |"
	c := "| C | ≤ 2x | 3.0x | 1.50 | **miss** |"
	d := "| D | ≤ 1 | 0.5 | 0.50 | pass |"
	benchA, benchB, benchE := "BenchmarkA-2   \t 10\t 500 ns/op", "BenchmarkB-2   \t 20\t 300 ns/op", "BenchmarkE-2   \t 5\t 9 ns/op"
	ui1k, ui100k, ls := "| ui | 1000 | 34.4 MB | 1 ms | — |", "| ui | 100000 | 38.9 MB | 2 ms | — |", "| ls | 1000 | 27.0 MB | 3 ms | — |"
	oldMachine, freshMachine := "2 CPUs (old), 2026-12-05 23:40 UTC.", "2 CPUs (new), 2026-12-06 03:00 UTC."

	old := report(oldMachine, []string{a, "| B | ≤ 40 MB | 42.1 MB | 1.05 | **miss** |", c}, "1 pass, 2 miss, 0 not measured.",
		[]string{benchA, "BenchmarkB-2   \t 10\t 600 ns/op"}, []string{ui1k, "| ui | 100000 | 42.1 MB | 2 ms | — |", ls})
	fresh := report(freshMachine, []string{"| A | ≤ 1 ms | not measured: no line | — | — |", b, "| C | ≤ 2x | not measured: no line | — | — |", d},
		"2 pass, 0 miss, 2 not measured.", []string{benchB, benchE}, []string{ui100k})
	note := "Updated by a partial run (2 CPUs (new), 2026-12-06 03:00 UTC): the figures it measured replace those above; the rest are from the run above."
	want := strings.Replace(report(oldMachine, []string{a, b, c, d}, "3 pass, 1 miss, 0 not measured.",
		[]string{benchA, benchB, benchE}, []string{ui1k, ui100k, ls}), oldMachine+"\n", oldMachine+"\n\n"+note+"\n", 1)

	if got := mergeReport(old, fresh); got != want {
		t.Errorf("merged:\n%s\nwant:\n%s", got, want)
	}
	if got := mergeReport(want, fresh); strings.Count(got, "Updated by") != 2 || !strings.Contains(got, b) {
		t.Errorf("merged twice:\n%s", got)
	}
}
