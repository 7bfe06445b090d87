package main

import (
	"fmt"
	"regexp"
	"strings"
)

// A partial run (a few packages' Go benchmarks, scripts/bench with
// -only-listing, say) updates an existing report with -merge instead of
// writing one that says "not measured" of everything else. Tables are
// matched by their header line and rows by their first cell (the first two
// in the table of listing processes, which repeats its commands); Go
// benchmark lines by benchmark name.

// mergeReport returns the report old with what the report fresh measured
// put in: every row of fresh's tables that holds a measurement replaces
// old's row of the same key, every benchmark line of fresh replaces old's
// line of that benchmark, what fresh did not measure stays as old had it,
// and rows and lines old lacks are added after its own. The count of
// passes and misses is made again, and a line under old's machine says
// which run updated it.
func mergeReport(old, fresh string) string {
	tables, lines := blocks(fresh)
	var out []string
	oldLines := strings.Split(old, "\n")
	for i := 0; i < len(oldLines); i++ {
		l := oldLines[i]
		switch {
		case strings.HasPrefix(l, "|"):
			end := i
			for end < len(oldLines) && strings.HasPrefix(oldLines[end], "|") {
				end++
			}
			out = append(out, mergeTable(oldLines[i:end], tables[l])...)
			i = end - 1
		case l == "```" && len(lines) > 0:
			end := i + 1
			for end < len(oldLines) && oldLines[end] != "```" {
				end++
			}
			out = append(out, l)
			out = append(out, mergeLines(oldLines[i+1:min(end, len(oldLines))], lines, benchName)...)
			lines = nil
			i = end - 1
		case strings.HasPrefix(l, "Machine: "):
			out = append(out, l, "", updatedNote(fresh))
		default:
			out = append(out, l)
		}
	}
	return recount(strings.Join(out, "\n"))
}

// blocks reads a report's tables, by header line (their rows after the
// separator), and the lines of its block of Go benchmarks.
func blocks(report string) (map[string][]string, []string) {
	tables := map[string][]string{}
	var bench []string
	lines := strings.Split(report, "\n")
	for i := 0; i < len(lines); i++ {
		switch {
		case strings.HasPrefix(lines[i], "|") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "|---"):
			header, rows := lines[i], []string{}
			for i += 2; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
				rows = append(rows, lines[i])
			}
			tables[header] = rows
		case lines[i] == "```" && bench == nil:
			bench = []string{}
			for i++; i < len(lines) && lines[i] != "```"; i++ {
				bench = append(bench, lines[i])
			}
		}
	}
	return tables, bench
}

// mergeTable merges the rows of fresh (measured ones only) into the table
// old, whose first two lines are its header and separator.
func mergeTable(old, fresh []string) []string {
	if len(old) < 2 || len(fresh) == 0 {
		return old
	}
	key := firstCell
	if strings.HasPrefix(old[0], "| Command | Objects |") {
		key = firstTwoCells
	}
	var measured []string
	for _, r := range fresh {
		if !strings.Contains(r, "| not measured") {
			measured = append(measured, r)
		}
	}
	return append(old[:2:2], mergeLines(old[2:], measured, key)...)
}

// mergeLines replaces each line of old whose key a line of fresh has, and
// adds fresh's other lines after.
func mergeLines(old, fresh []string, key func(string) string) []string {
	byKey := map[string]string{}
	var order []string
	for _, l := range fresh {
		if k := key(l); k != "" {
			if _, seen := byKey[k]; !seen {
				order = append(order, k)
			}
			byKey[k] = l
		}
	}
	var out []string
	for _, l := range old {
		k := key(l)
		if r, ok := byKey[k]; ok && k != "" {
			out = append(out, r)
			delete(byKey, k)
			continue
		}
		out = append(out, l)
	}
	for _, k := range order {
		if r, ok := byKey[k]; ok {
			out = append(out, r)
		}
	}
	return out
}

// cells splits a table row into its trimmed cells.
func cells(row string) []string {
	parts := strings.Split(strings.Trim(row, "|"), " | ")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// firstCell is a row's key: its first cell.
func firstCell(row string) string { return cells(row)[0] }

// firstTwoCells is a row's key in a table that repeats its first cell.
func firstTwoCells(row string) string {
	c := cells(row)
	if len(c) < 2 {
		return c[0]
	}
	return c[0] + " | " + c[1]
}

// benchName is a Go benchmark line's key: the benchmark's name ("" for
// other lines, which are kept as they are).
func benchName(line string) string {
	if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "Benchmark") {
		return f[0]
	}
	return ""
}

// updatedNote says which run updated the report, from fresh's machine line.
func updatedNote(fresh string) string {
	for l := range strings.SplitSeq(fresh, "\n") {
		if m, ok := strings.CutPrefix(l, "Machine: "); ok {
			return "Updated by a partial run (" + strings.TrimSuffix(m, ".") + "): the figures it measured replace those above; the rest are from the run above."
		}
	}
	return "Updated by a partial run: the figures it measured replace those above; the rest are from the run above."
}

// summary is the report's count of results under its table of figures.
var summary = regexp.MustCompile(`(?m)^\d+ pass, \d+ miss, \d+ not measured\.$`)

// recount makes the count of results again from the table of figures.
func recount(report string) string {
	tables, _ := blocks(report)
	pass, miss, absent := 0, 0, 0
	for _, r := range tables["| Figure | Target | Measured | Ratio | Result |"] {
		c := cells(r)
		switch {
		case len(c) < 5:
		case strings.HasPrefix(c[2], "not measured"):
			absent++
		case c[4] == "pass":
			pass++
		case strings.Contains(c[4], "miss"):
			miss++
		}
	}
	return summary.ReplaceAllLiteralString(report, fmt.Sprintf("%d pass, %d miss, %d not measured.", pass, miss, absent))
}
