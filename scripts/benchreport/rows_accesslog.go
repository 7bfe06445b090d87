package main

import "fmt"

// accessLogRows are the access-log figures (issue 20): the parse rate on
// one core, and what a read of 1,000 log objects with nothing new costs.
func accessLogRows(b *Bench) []Row {
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
	return append(out, r)
}
