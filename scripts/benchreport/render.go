package main

import (
	"fmt"
	"slices"
	"strings"
)

// render writes the report as Markdown.
func render(rs []Row, b *Bench, p *Procs, m Machine) string {
	var s strings.Builder
	s.WriteString("# Benchmarks\n\nWritten by `make bench` (issue 4). Ratio is measured / target: at most 1 passes for \"≤\" targets, at least 1 for \"≥\". ")
	s.WriteString("One run on a shared machine: trust ratios more than absolute times. This machine's speed drifts by tens of " +
		"percent over minutes (`s3share --help` took 6 to 10 ms on the same day), so the whole-process commands a ratio " +
		"compares are timed in interleaved rounds, and Go benchmarks run one package at a time.\n\n")
	fmt.Fprintf(&s, "Machine: %d CPUs (%s), %s, Linux %s, Go %s, load average %s at the end of the run, %s.\n\n",
		m.CPUs, m.CPU, m.MemInfo, m.Kernel, strings.TrimPrefix(m.Go, "go"), m.Load, m.Date)
	s.WriteString("| Figure | Target | Measured | Ratio | Result |\n|---|---|---|---|---|\n")
	pass, miss, absent := 0, 0, 0
	for _, r := range rs {
		fmt.Fprintf(&s, "| %s | %s | %s | %s | %s |\n", r.Figure, r.Target, r.Measured, r.Ratio, r.Result)
		switch {
		case r.Missing:
			absent++
		case r.Result == "pass":
			pass++
		case strings.Contains(r.Result, "miss"):
			miss++
		}
	}
	fmt.Fprintf(&s, "\n%d pass, %d miss, %d not measured.\n", pass, miss, absent)
	writeTrouble(&s, b, p)
	writeRaw(&s, b, p)
	return s.String()
}

// writeTrouble lists failed packages and skipped comparisons.
func writeTrouble(s *strings.Builder, b *Bench, p *Procs) {
	if len(b.Trouble) == 0 && (p == nil || len(p.Skipped) == 0) {
		return
	}
	s.WriteString("\nProblems in this run:\n\n")
	for _, t := range b.Trouble {
		fmt.Fprintf(s, "- `%s`\n", t)
	}
	if p != nil {
		for _, t := range p.Skipped {
			fmt.Fprintf(s, "- skipped: %s\n", t)
		}
	}
}

// writeRaw appends the benchmark lines and process figures as measured.
func writeRaw(s *strings.Builder, b *Bench, p *Procs) {
	s.WriteString("\n## Raw results\n\n```\n")
	for _, l := range b.Lines {
		s.WriteString(l + "\n")
	}
	s.WriteString("```\n")
	if p == nil {
		return
	}
	s.WriteString("\nProcesses (scripts/bench; wall time in ms, median of n runs after one warm-up):\n\n")
	s.WriteString("| Command | Median | Min | Max | n |\n|---|---|---|---|---|\n")
	for _, c := range []struct {
		name string
		st   Stats
	}{
		{"s3share (UI) first frame in a pty", p.FirstFrame},
		{"s3share (UI) first text in a pty", p.FirstText},
		{"s3share presign (one object, history on)", p.PresignS3share},
		{"s3share presign --no-history", p.PresignS3shareNoHistory},
		{"aws s3 presign (Debian awscli)", p.PresignAWS},
		{fmt.Sprintf("s3share ls (%d objects)", p.LsObjects), p.LsS3share},
		{fmt.Sprintf("aws s3 ls (%d objects)", p.LsObjects), p.LsAWS},
		{"s3share put (256 MiB, parts in parallel)", p.PutS3share},
		{"aws s3 cp (256 MiB)", p.PutAWS},
		{"s3share opens, first read of 1,000 log objects", opensStats(p, true)},
		{"s3share opens, 1,000 log objects, nothing new", opensStats(p, false)},
	} {
		if c.st.N > 0 {
			fmt.Fprintf(s, "| %s | %.2f | %.2f | %.2f | %d |\n", c.name, c.st.Median, c.st.Min, c.st.Max, c.st.N)
		}
	}
	writeListing(s, p.Listing)
}

// writeListing appends the listing figures of scripts/bench (listing.go).
func writeListing(s *strings.Builder, l *ListingProcs) {
	if l == nil {
		return
	}
	s.WriteString("\nOne folder of many objects (scripts/bench, against a listing server in its own process; RSS is the process's peak, VmHWM):\n\n")
	s.WriteString("| Command | Objects | Peak RSS | Time | Filter keystrokes on screen |\n|---|---|---|---|---|\n")
	for _, u := range l.UI {
		peak := fmt.Sprintf("%.1f MB", u.PeakRSSMB)
		if len(u.PeakRuns) > 1 {
			peak += fmt.Sprintf(" (median of %d runs, %.1f to %.1f)", len(u.PeakRuns), slices.Min(u.PeakRuns), slices.Max(u.PeakRuns))
		}
		fmt.Fprintf(s, "| s3share (UI in a pty): list, end, filter | %d | %s | listed in %.0f ms | %s |\n", u.Objects, peak, u.ListedMS, msList(u.FilterMS))
	}
	for _, c := range l.CLI {
		fmt.Fprintf(s, "| s3share %s --all > /dev/null | %d | %.1f MB | %.0f ms | — |\n", c.Command, c.Objects, c.PeakRSSMB, c.WallMS)
	}
}

// msList writes times in ms.
func msList(v []float64) string {
	var parts []string
	for _, t := range v {
		parts = append(parts, fmt.Sprintf("%.1f", t))
	}
	return strings.Join(parts, ", ") + " ms"
}

// opensStats is one of the opens figures of scripts/bench (opens.go):
// the first read, or the run with nothing new; zero when not measured.
func opensStats(p *Procs, first bool) Stats {
	switch {
	case p.Opens == nil:
		return Stats{}
	case first:
		return p.Opens.FirstRead
	}
	return p.Opens.NothingNew
}
