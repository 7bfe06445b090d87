package main

import (
	"fmt"
	"sort"
)

// processRows are the figures of ./scripts/bench that have targets.
func processRows(p *Procs) []Row {
	const frame, text = "First frame (pty, no credentials, unreachable endpoint)", "First text on screen (same run)"
	if p == nil || p.FirstFrame.N == 0 {
		return []Row{missing(frame, "≤ 100 ms", "scripts/bench did not run"), missing(text, "≤ 100 ms", "scripts/bench did not run")}
	}
	return []Row{
		judge(frame, "≤ 100 ms", p.FirstFrame.Median, bound{limit: 100}, msFmt),
		judge(text, "≤ 100 ms", p.FirstText.Median, bound{limit: 100}, msFmt),
	}
}

// uiRows are the terminal UI's figures (ui/ benchmarks).
func uiRows(b *Bench) []Row {
	return []Row{
		scalingRow(b, "Keypress-to-frame, 100k vs 1k objects", "BenchmarkObjectsKeypress/items=100000", "BenchmarkObjectsKeypress/items=1000", 2),
		scalingRow(b, "Keypress-to-frame filtered, 100k vs 1k", "BenchmarkObjectsKeypressFiltered/items=100000", "BenchmarkObjectsKeypressFiltered/items=1000", 2),
		msRow(b, "Filter keystroke at 100k objects", "BenchmarkObjectsFilterKeystroke/items=100000", 16),
		scalingRow(b, "Append a page of 1000: at 100k vs at 1k (page-proportional)", "BenchmarkObjectsAppendPage/total=100000", "BenchmarkObjectsAppendPage/total=1000", 2),
	}
}

// listRows are the listing figures of BenchmarkList.
func listRows(b *Bench) []Row {
	var out []Row
	for _, c := range []struct{ figure, name string }{
		{"Listing throughput, client (replayed versitygw pages)", "BenchmarkList/server=replay"},
		{"Listing throughput, versitygw end to end (server-bound)", "BenchmarkList/server=versitygw"},
	} {
		if v, ok := b.get(c.name, "keys/s"); ok {
			out = append(out, judge(c.figure, "≥ 50000 keys/s", v, bound{limit: 50000, atLeast: true}, rateFmt("keys/s")))
		} else {
			out = append(out, missing(c.figure, "≥ 50000 keys/s", c.name+" did not run"))
		}
	}
	// Against versitygw the ~150 ms pages vary by more than the 15 ms
	// budget, so page 1's client cost is judged on the replayed pages.
	out = append(out, page1Row(b, "Page 1 beyond one raw round trip (client cost, replayed pages)", "BenchmarkList/server=replay"))
	return out
}

// page1Row is the client's cost of page 1 beyond one raw round trip.
func page1Row(b *Bench, figure, name string) Row {
	v, ok := b.get(name, "page1-over-rtt-ms")
	if !ok {
		return missing(figure, "≤ 15 ms", name+" did not run")
	}
	r := judge(figure, "≤ 15 ms", v, bound{limit: 15}, msFmt)
	p, _ := b.get(name, "page1-ms")
	t, _ := b.get(name, "rtt-ms")
	r.Measured = fmt.Sprintf("%s (page 1 %s, round trip %s)", msFmt(v), msFmt(p), msFmt(t))
	return r
}

// presignRows are the signing figures, in process and as a whole process.
func presignRows(b *Bench, p *Procs) []Row {
	var out []Row
	if v, ok := b.get("BenchmarkPresign", "urls/s"); ok {
		out = append(out, judge("Presign, one core", "≥ 10000 URLs/s", v, bound{limit: 10000, atLeast: true}, rateFmt("URLs/s")))
	} else {
		out = append(out, missing("Presign, one core", "≥ 10000 URLs/s", "BenchmarkPresign did not run"))
	}
	out = append(out, msRow(b, "Presign a batch of 1000 (the batch signer)", "BenchmarkPresignBatch1000", 100))
	out = append(out, scalingRow(b, "Presign vs the SigV4 floor (SHA-256 + HMAC)", "BenchmarkPresign", "BenchmarkSigV4Floor", 50))
	return append(out, wholeProcessRows(p)...)
}

// wholeProcessRows compare s3share with awscli as whole processes.
func wholeProcessRows(p *Procs) []Row {
	const presign, presignNH, ls = "Whole process: aws s3 presign / s3share presign",
		"Whole process: aws s3 presign / s3share presign --no-history", "Whole process: aws s3 ls / s3share ls"
	if p == nil || p.PresignAWS.N == 0 || p.PresignS3share.N == 0 {
		return []Row{missing(presign, "≥ 50x", "scripts/bench did not compare with awscli")}
	}
	speedup := func(figure string, aws, ours Stats) Row {
		r := judge(figure, "≥ 50x", aws.Median/ours.Median, bound{limit: 50, atLeast: true}, timesFmt)
		r.Measured = fmt.Sprintf("%.1fx (%s vs %s)", aws.Median/ours.Median, msFmt(aws.Median), msFmt(ours.Median))
		return r
	}
	lsRow := speedup(fmt.Sprintf("%s (%d objects)", ls, p.LsObjects), p.LsAWS, p.LsS3share)
	lsRow.Target, lsRow.Ratio, lsRow.Result = "none (comparison)", "—", "—"
	return append([]Row{speedup(presign, p.PresignAWS, p.PresignS3share),
		speedup(presignNH, p.PresignAWS, p.PresignS3shareNoHistory), lsRow, putRow(p)}, floorRows(p)...)
}

// putRow compares uploading 256 MiB with awscli (issue 21: at least as fast).
func putRow(p *Procs) Row {
	const figure = "Whole process: aws s3 cp / s3share put (256 MiB)"
	if p.PutAWS.N == 0 || p.PutS3share.N == 0 {
		return missing(figure, "≥ 1x", "scripts/bench did not time the uploads")
	}
	r := judge(figure, "≥ 1x", p.PutAWS.Median/p.PutS3share.Median, bound{limit: 1, atLeast: true}, timesFmt)
	r.Measured = fmt.Sprintf("%.1fx (%s vs %s)", p.PutAWS.Median/p.PutS3share.Median, msFmt(p.PutAWS.Median), msFmt(p.PutS3share.Median))
	return r
}

// floorRows hold the one-shot presign to the process floor (issue 12):
// --no-history within 1.5x of --help, and what the UI, demo and picture
// packages cost a presign run at start.
func floorRows(p *Procs) []Row {
	const floor, initRow = "Whole process: s3share presign --no-history / s3share --help", "Package init of UI, demo and picture packages in a presign run"
	var out []Row
	if p.HelpS3share.N == 0 {
		out = append(out, missing(floor, "≤ 1.5x", "scripts/bench did not time --help"))
	} else {
		r := judge(floor, "≤ 1.5x", p.PresignS3shareNoHistory.Median/p.HelpS3share.Median, bound{limit: 1.5}, timesFmt)
		r.Measured = fmt.Sprintf("%.2fx (%s vs %s)", p.PresignS3shareNoHistory.Median/p.HelpS3share.Median,
			msFmt(p.PresignS3shareNoHistory.Median), msFmt(p.HelpS3share.Median))
		out = append(out, r)
	}
	if len(p.InitFrontEnd) == 0 {
		return append(out, missing(initRow, "≤ 1 ms", "scripts/bench did not trace init"))
	}
	fe, all := median(p.InitFrontEnd), median(p.InitTotal)
	r := judge(initRow, "≤ 1 ms", fe, bound{limit: 1}, msFmt)
	r.Measured = fmt.Sprintf("%s of %s in all packages", msFmt(fe), msFmt(all))
	return append(out, r)
}

// median is the middle of values.
func median(values []float64) float64 {
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// historyRows are the history store's figures at 100k links.
func historyRows(b *Bench) []Row {
	return []Row{
		msRow(b, "History first screen (newest 100 of 100k)", "BenchmarkHistoryRecent/entries=100000", 5),
		msRow(b, "History expired query (UI's, 2000 of 100k)", "BenchmarkHistoryQueryExpired/entries=100000", 50),
		msRow(b, "History active query (UI's, of 100k)", "BenchmarkHistoryQueryActive/entries=100000", 50),
		msRow(b, "History append with fsync (into 100k)", "BenchmarkHistoryAppend", 1),
		scalingRow(b, "History part of a one-shot presign (open, check, record, close): 100k vs 100 links",
			"BenchmarkHistoryOneShot/entries=100000", "BenchmarkHistoryOneShot/entries=100", 1.5),
	}
}

// memoryRow is the RSS of 100k listed objects, from the benchmark that
// reports an "MB-rss" metric for them (the UI's part of issue 4).
func memoryRow(b *Bench) Row {
	const figure, target, name = "Memory: 100k listed objects", "≤ 100 MB RSS", "BenchmarkObjectsMemory/items=100000"
	v, ok := b.get(name, "MB-rss")
	if !ok {
		return missing(figure, target, name+" did not run")
	}
	r := judge(figure, target, v, bound{limit: 100}, func(v float64) string { return fmt.Sprintf("%.1f MB", v) })
	r.Figure += " (" + name + ", the whole test process)"
	return r
}
