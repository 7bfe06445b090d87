// Command benchreport writes BENCHMARKS.md from the output of
// `go test -bench` and the process figures of ./scripts/bench: one row per
// target of issue 4 with the figure, the target, what was measured, the
// ratio of measured to target, and whether it passes, then the machine it
// ran on. Figures whose benchmarks did not run (the UI's, say) are listed
// as not measured.
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
	flag.Parse()
	if err := run(*goOut, *procs, *out); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

// run reads both inputs and writes the report.
func run(goOut, procsPath, out string) error {
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
	return os.WriteFile(out, []byte(md), 0o644)
}
