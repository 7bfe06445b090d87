package main

import (
	"strings"
	"testing"
)

// A partial run replaces the rows, lines and table rows it measured and
// leaves the rest, adds what the old report lacked, and counts again.
func TestMergeReport(t *testing.T) {
	old := `# Benchmarks

Machine: 2 CPUs (old), at the end of the run, 2026-12-05 23:40 UTC.

| Figure | Target | Measured | Ratio | Result |
|---|---|---|---|---|
| A | ≤ 1 ms | 0.50 ms | 0.50 | pass |
| B | ≤ 40 MB | 42.1 MB | 1.05 | **miss** |
| C | ≤ 2x | 3.0x | 1.50 | **miss** |

1 pass, 2 miss, 0 not measured.

## Raw results

` + "```" + `
BenchmarkA-2   	 10	 500 ns/op
BenchmarkB-2   	 10	 600 ns/op
` + "```" + `

| Command | Objects | Peak RSS | Time | Filter keystrokes on screen |
|---|---|---|---|---|
| ui | 1000 | 34.4 MB | 1 ms | — |
| ui | 100000 | 42.1 MB | 2 ms | — |
| ls | 1000 | 27.0 MB | 3 ms | — |
`
	fresh := `# Benchmarks

Machine: 2 CPUs (new), at the end of the run, 2026-12-06 03:00 UTC.

| Figure | Target | Measured | Ratio | Result |
|---|---|---|---|---|
| A | ≤ 1 ms | not measured: no line | — | — |
| B | ≤ 40 MB | 38.9 MB | 0.97 | pass |
| C | ≤ 2x | not measured: no line | — | — |
| D | ≤ 1 | 0.5 | 0.50 | pass |

2 pass, 0 miss, 2 not measured.

## Raw results

` + "```" + `
BenchmarkB-2   	 20	 300 ns/op
BenchmarkE-2   	 5	 9 ns/op
` + "```" + `

| Command | Objects | Peak RSS | Time | Filter keystrokes on screen |
|---|---|---|---|---|
| ui | 100000 | 38.9 MB | 2 ms | — |
`
	want := `# Benchmarks

Machine: 2 CPUs (old), at the end of the run, 2026-12-05 23:40 UTC.

Updated by a partial run (2 CPUs (new), at the end of the run, 2026-12-06 03:00 UTC): the figures it measured replace those above; the rest are from the run above.

| Figure | Target | Measured | Ratio | Result |
|---|---|---|---|---|
| A | ≤ 1 ms | 0.50 ms | 0.50 | pass |
| B | ≤ 40 MB | 38.9 MB | 0.97 | pass |
| C | ≤ 2x | 3.0x | 1.50 | **miss** |
| D | ≤ 1 | 0.5 | 0.50 | pass |

3 pass, 1 miss, 0 not measured.

## Raw results

` + "```" + `
BenchmarkA-2   	 10	 500 ns/op
BenchmarkB-2   	 20	 300 ns/op
BenchmarkE-2   	 5	 9 ns/op
` + "```" + `

| Command | Objects | Peak RSS | Time | Filter keystrokes on screen |
|---|---|---|---|---|
| ui | 1000 | 34.4 MB | 1 ms | — |
| ui | 100000 | 38.9 MB | 2 ms | — |
| ls | 1000 | 27.0 MB | 3 ms | — |
`
	if got := mergeReport(old, fresh); got != want {
		t.Errorf("merged:\n%s\nwant:\n%s", got, want)
	}
	if got := mergeReport(want, fresh); strings.Count(got, "Updated by") != 2 || !strings.Contains(got, "| B | ≤ 40 MB | 38.9 MB |") {
		t.Errorf("merged twice:\n%s", got)
	}
}
