package main

import "fmt"

// ListingProcs are the listing figures of ./scripts/bench (listing.go):
// s3share holding one folder of many objects, as whole processes.
type ListingProcs struct {
	UI []struct {
		Objects   int       `json:"objects"`
		PeakRSSMB float64   `json:"peak_rss_mb"`
		PeakRuns  []float64 `json:"peak_runs_mb"` // every run's, when the figure is the median of several
		ListedMS  float64   `json:"listed_ms"`
		FilterMS  []float64 `json:"filter_ms"`
	} `json:"ui"`
	CLI []struct {
		Command   string  `json:"command"`
		Objects   int     `json:"objects"`
		PeakRSSMB float64 `json:"peak_rss_mb"`
		WallMS    float64 `json:"wall_ms"`
	} `json:"cli"`
}

// uiPeak is the UI's peak resident set with n objects listed.
func (l *ListingProcs) uiPeak(n int) (float64, bool) {
	for _, u := range l.UI {
		if u.Objects == n {
			return u.PeakRSSMB, true
		}
	}
	return 0, false
}

// cliPeak is the peak resident set of command over n objects.
func (l *ListingProcs) cliPeak(command string, n int) (float64, bool) {
	for _, c := range l.CLI {
		if c.Command == command && c.Objects == n {
			return c.PeakRSSMB, true
		}
	}
	return 0, false
}

// listingRows are issue 22's figures: a folder of a million objects in
// the UI within 150 MB, the UI's keys and filter as fast at a million
// objects as at a thousand, and ls and find in constant memory.
func listingRows(b *Bench, p *Procs) []Row {
	out := []Row{
		scalingRow(b, "Keypress-to-frame, 1M vs 1k objects", "BenchmarkObjectsKeypress/items=1000000", "BenchmarkObjectsKeypress/items=1000", 2),
		scalingRow(b, "Keypress-to-frame filtered, 1M vs 1k", "BenchmarkObjectsKeypressFiltered/items=1000000", "BenchmarkObjectsKeypressFiltered/items=1000", 2),
		msRow(b, "Filter keystroke at 1M objects (the first: the whole listing searched)", "BenchmarkObjectsFilterKeystroke/items=1000000", 16),
		scalingRow(b, "Append a page of 1000: at 1M vs at 1k", "BenchmarkObjectsAppendPage/total=1000000", "BenchmarkObjectsAppendPage/total=1000", 2),
	}
	return append(out, listingProcRows(b, p)...)
}

// listingProcRows judge the whole-process figures.
func listingProcRows(b *Bench, p *Procs) []Row {
	const ui1M, ui100k = "UI, 1,000,000 objects listed: peak RSS of the s3share process (VmHWM, in a pty)",
		"UI, 100,000 objects listed: peak RSS of the s3share process"
	if p == nil || p.Listing == nil || len(p.Listing.UI) == 0 {
		why := "scripts/bench did not measure the listing"
		return []Row{missing(ui1M, "≤ 150 MB", why), missing(ui100k, "≤ 40 MB", why),
			missing("ls of 1M objects vs 10k: peak RSS", "≤ 1.2x", why), missing("find of 1M objects vs 10k: peak RSS", "≤ 1.2x", why)}
	}
	l := p.Listing
	mb := func(v float64) string { return fmt.Sprintf("%.1f MB", v) }
	var out []Row
	for _, c := range []struct {
		figure string
		n      int
		limit  float64
	}{{ui1M, 1_000_000, 150}, {ui100k, 100_000, 40}} {
		peak, ok := l.uiPeak(c.n)
		if !ok {
			out = append(out, missing(c.figure, fmt.Sprintf("≤ %g MB", c.limit), "not in scripts/bench's figures"))
			continue
		}
		r := judge(c.figure, fmt.Sprintf("≤ %g MB", c.limit), peak, bound{limit: c.limit}, mb)
		if base, ok := l.uiPeak(1000); ok {
			r.Measured += fmt.Sprintf(" (%.1f MB with 1,000 objects: %.0f bytes an object over it)", base, (peak-base)*(1<<20)/float64(c.n-1000))
		}
		if heap, ok := b.get(fmt.Sprintf("BenchmarkObjectsMemory/items=%d", c.n), "B-per-object"); ok {
			r.Measured += fmt.Sprintf("; %.0f bytes an object of live heap", heap)
		}
		out = append(out, r)
	}
	for _, command := range []string{"ls", "find"} {
		figure := fmt.Sprintf("%s --all of 1M objects vs 10k: peak RSS", command)
		big, okb := l.cliPeak(command, 1_000_000)
		small, oks := l.cliPeak(command, 10_000)
		if !okb || !oks {
			out = append(out, missing(figure, "≤ 1.2x", "not in scripts/bench's figures"))
			continue
		}
		r := judge(figure, "≤ 1.2x", big/small, bound{limit: 1.2}, timesFmt)
		r.Measured = fmt.Sprintf("%.2fx (%s vs %s)", big/small, mb(big), mb(small))
		out = append(out, r)
	}
	return out
}
