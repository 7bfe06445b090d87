package main

import "fmt"

// FindProcs are the whole-process find figures of ./scripts/bench (find.go).
type FindProcs struct {
	Folders       int     `json:"folders"`
	PerFolder     int     `json:"per_folder"`
	FlatKeys      int     `json:"flat_keys"`
	RoundTripMS   float64 `json:"round_trip_ms"`
	NestedS3share Stats   `json:"nested_s3share"`
	NestedAWS     Stats   `json:"nested_aws"`
	FlatS3share   Stats   `json:"flat_s3share"`
	FlatAWS       Stats   `json:"flat_aws"`
}

// findRows are issue 12's find figures: Browser.Find against one
// sequential walk (BenchmarkFind), and `s3share find` against
// `aws s3 ls --recursive` as whole processes (scripts/bench).
//
// The Go benchmark runs on three servers: versitygw as installed and with
// --nometa, whose CPU per key shares the machine's cores with the client
// (so it bounds a parallel search on a small machine; the rows say how much
// it spent), and memLister, keys in memory at next to no CPU, where the
// round trips are the cost as against S3.
func findRows(b *Bench, p *Procs) []Row {
	var out []Row
	for _, server := range []string{"versitygw", "versitygw-nometa", "memory"} {
		nested, flat := "BenchmarkFind/server="+server+"/bucket=nested/", "BenchmarkFind/server="+server+"/bucket=flat/"
		out = append(out,
			withServerCPU(b, speedupRow(b, "Find vs one sequential walk: 100k objects in 1,000 folders, +20 ms per request, "+server, nested+"walk", nested+"find", 5), nested+"find"),
			scalingRow(b, "Find vs one sequential walk: 20k objects, no folders, +20 ms per request, "+server, flat+"find", flat+"walk", 1.1))
	}
	const proc = "Whole process: aws s3 ls --recursive / s3share find --all (100k in 1,000 folders, +20 ms)"
	if p == nil || p.Find == nil || p.Find.NestedAWS.N == 0 || p.Find.NestedS3share.N == 0 {
		return append(out, missing(proc, "≥ 5x", "scripts/bench did not compare find with awscli"))
	}
	f := p.Find
	r := judge(proc, "≥ 5x", f.NestedAWS.Median/f.NestedS3share.Median, bound{limit: 5, atLeast: true}, timesFmt)
	r.Measured = fmt.Sprintf("%.1fx (%s vs %s)", f.NestedAWS.Median/f.NestedS3share.Median, msFmt(f.NestedAWS.Median), msFmt(f.NestedS3share.Median))
	return append(out, r)
}

// withServerCPU adds to r the server's CPU time per run of name, when the
// benchmark measured it.
func withServerCPU(b *Bench, r Row, name string) Row {
	if ms, ok := b.get(name, "server-cpu-ms/op"); ok && !r.Missing {
		r.Measured += fmt.Sprintf("; the server used %s of CPU per find", msFmt(ms))
	}
	return r
}

// speedupRow judges ns/op of slow over fast against at least limit times.
func speedupRow(b *Bench, figure, slow, fast string, limit float64) Row {
	target := fmt.Sprintf("≥ %gx", limit)
	vs, oks := b.get(slow, "ns/op")
	vf, okf := b.get(fast, "ns/op")
	if !oks || !okf || vf == 0 {
		return missing(figure, target, slow+" or "+fast+" did not run")
	}
	r := judge(figure, target, vs/vf, bound{limit: limit, atLeast: true}, timesFmt)
	r.Measured = fmt.Sprintf("%.1fx (%s vs %s)", vs/vf, msFmt(vs/1e6), msFmt(vf/1e6))
	return r
}
