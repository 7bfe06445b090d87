package main

import (
	"regexp"
	"strconv"
	"strings"
)

// Bench holds go test -bench results: metric values by benchmark name
// (without the -GOMAXPROCS suffix) and unit, plus lines worth showing.
type Bench struct {
	Metrics map[string]map[string]float64
	Lines   []string // the benchmark result lines, as printed
	Trouble []string // FAIL and build-failure lines
}

// procSuffix is the -N GOMAXPROCS suffix of a benchmark name.
var procSuffix = regexp.MustCompile(`-\d+$`)

// parseBench reads go test -bench output.
func parseBench(out string) *Bench {
	b := &Bench{Metrics: map[string]map[string]float64{}}
	for line := range strings.SplitSeq(out, "\n") {
		line = strings.TrimRight(line, "\r ")
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 4 && strings.HasPrefix(fields[0], "Benchmark"):
			if _, err := strconv.Atoi(fields[1]); err != nil {
				continue // a benchmark's log line, not its result
			}
			b.add(procSuffix.ReplaceAllString(fields[0], ""), fields[2:])
			b.Lines = append(b.Lines, line)
		case strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "--- FAIL") ||
			strings.Contains(line, "[build failed]") || strings.Contains(line, "[setup failed]"):
			b.Trouble = append(b.Trouble, line)
		}
	}
	return b
}

// add records value/unit pairs for name.
func (b *Bench) add(name string, pairs []string) {
	m := map[string]float64{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if v, err := strconv.ParseFloat(pairs[i], 64); err == nil {
			m[pairs[i+1]] = v
		}
	}
	b.Metrics[name] = m
}

// get returns the metric unit of benchmark name.
func (b *Bench) get(name, unit string) (float64, bool) {
	v, ok := b.Metrics[name][unit]
	return v, ok
}
