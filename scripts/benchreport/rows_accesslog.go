package main

import "fmt"

// OpensProcs are the whole-process `s3share opens` figures of
// ./scripts/bench (opens.go).
type OpensProcs struct {
	LogObjects      int     `json:"log_objects"`
	Records         int     `json:"records_per_object"`
	FirstRead       Stats   `json:"first_read"`
	FirstReadLists  float64 `json:"first_read_lists"`
	FirstReadGets   float64 `json:"first_read_gets"`
	FirstReadOther  float64 `json:"first_read_other"`
	NothingNew      Stats   `json:"nothing_new"`
	NothingNewLists float64 `json:"nothing_new_lists"`
	NothingNewGets  float64 `json:"nothing_new_gets"`
	NothingNewOther float64 `json:"nothing_new_other"`
}

// accessLogRows are the access-log figures (issue 20): the parse rate on
// one core, what a read of 1,000 log objects with nothing new costs, and
// the same as whole s3share opens processes.
func accessLogRows(b *Bench, p *Procs) []Row {
	rate := func(figure, name string) Row {
		const target = "≥ 200000 records/s"
		v, ok := b.get(name, "records/s")
		if !ok {
			return missing(figure, target, name+" did not run")
		}
		return judge(figure, target, v, bound{limit: 200000, atLeast: true}, rateFmt("records/s"))
	}
	out := []Row{
		rate("Access logs: parse rate, one core", "BenchmarkParse"),
		rate("Access logs: Scanner rate (lines split, one string each, parsed)", "BenchmarkScan"),
	}
	const figure, target = "Access logs: a read of 1,000 log objects with nothing new (versitygw)", "≤ 1 LIST, 0 GET"
	lists, okL := b.get("BenchmarkReadNothingNew", "lists/op")
	gets, okG := b.get("BenchmarkReadNothingNew", "gets/op")
	ms, okT := nsMetric(b, "BenchmarkReadNothingNew")
	if !okL || !okG || !okT {
		return append(out, missing(figure, target, "BenchmarkReadNothingNew did not run"))
	}
	r := judge(figure, target, lists, bound{limit: 1}, rateFmt("LIST"))
	r.Measured = fmt.Sprintf("%.0f LIST, %.0f GET, %s", lists, gets, msFmt(ms))
	if gets > 0 {
		r.Result = "**miss**"
	}
	return append(append(out, r), opensProcRows(p)...)
}

// opensProcRows are `s3share opens` as a whole process over 1,000 log
// objects: with nothing new (one LIST of the log prefix, no GET, nothing
// else), and a first read of them all (its time and requests, no target).
func opensProcRows(p *Procs) []Row {
	const nothing, first = "Whole process: s3share opens, 1,000 log objects, nothing new (versitygw)",
		"Whole process: s3share opens, first read of 1,000 log objects of 20 records (versitygw)"
	const target = "≤ 1 LIST, 0 GET"
	if p == nil || p.Opens == nil || p.Opens.NothingNew.N == 0 {
		return []Row{missing(nothing, target, "scripts/bench did not run opens"), missing(first, "none (reported)", "scripts/bench did not run opens")}
	}
	o := p.Opens
	r := judge(nothing, target, o.NothingNewLists, bound{limit: 1}, rateFmt("LIST"))
	r.Measured = fmt.Sprintf("%.0f LIST, %.0f GET, %.0f other, %s", o.NothingNewLists, o.NothingNewGets, o.NothingNewOther,
		msFmt(o.NothingNew.Median))
	if o.NothingNewGets > 0 || o.NothingNewOther > 0 {
		r.Result = "**miss**"
	}
	f := Row{Figure: first, Target: "none (reported)", Ratio: "—", Result: "—",
		Measured: fmt.Sprintf("%s (%d records, %.0f records/s); %.0f LIST, %.0f GET, %.0f other", msFmt(o.FirstRead.Median),
			o.LogObjects*o.Records, float64(o.LogObjects*o.Records)/(o.FirstRead.Median/1000),
			o.FirstReadLists, o.FirstReadGets, o.FirstReadOther)}
	return []Row{r, f}
}
