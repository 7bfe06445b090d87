// Command benchreport writes BENCHMARKS.md from the output of
// `go test -bench` and the process figures of ./scripts/bench: one row per
// target of issue 4 with the figure, the target, what was measured, the
// ratio of measured to target, and whether it passes, then the machine it
// ran on. Figures whose benchmarks did not run (the UI's, say) are listed
// as not measured; with -merge, a partial run updates the figures it
// measured in the existing report and leaves the others as they were.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

func main() {
	goOut := flag.String("go", "", "output of go test -bench (required)")
	procs := flag.String("procs", "", "JSON written by go run ./scripts/bench -json (optional)")
	out := flag.String("o", "BENCHMARKS.md", "file to write")
	merge := flag.Bool("merge", false, "update the file -o with what this (partial) run measured, keeping its other figures")
	flag.Parse()
	if err := run(*goOut, *procs, *out, *merge); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

// run reads both inputs and writes the report, or with merge puts what
// they measured into the report out (mergeReport).
func run(goOut, procsPath, out string, merge bool) error {
	if goOut == "" {
		return fmt.Errorf("give -go with the output of go test -bench")
	}
	raw, err := os.ReadFile(goOut)
	if err != nil {
		return err
	}
	bench := parseBench(string(raw))
	var procs *Procs
	if procsPath != "" {
		data, err := os.ReadFile(procsPath)
		if err != nil {
			return fmt.Errorf("process figures: %w (did go run ./scripts/bench fail?)", err)
		}
		procs = &Procs{}
		if err := json.Unmarshal(data, procs); err != nil {
			return fmt.Errorf("process figures %s: %w", procsPath, err)
		}
	}
	md := render(rows(bench, procs), bench, procs, machine())
	if merge {
		old, err := os.ReadFile(out)
		if err != nil {
			return fmt.Errorf("-merge: %w", err)
		}
		md = mergeReport(string(old), md)
	}
	return os.WriteFile(out, []byte(md), 0o644)
}
