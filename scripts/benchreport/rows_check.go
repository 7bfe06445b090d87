package main

// checkRows are the link-check figures (issue 8): live probes against a
// local server, and links past their end settled by the clock alone.
func checkRows(b *Bench) []Row {
	const live, past = "Check 1,000 live links (versitygw, 8 at a time)", "Check 10,000 links past their end: requests sent"
	out := []Row{msRow(b, live, "BenchmarkCheckLive", 2000)}
	v, ok := b.get("BenchmarkCheckPastEnd", "requests")
	if !ok {
		return append(out, missing(past, "0 requests", "BenchmarkCheckPastEnd did not run"))
	}
	r := judge(past, "0 requests", v, bound{limit: 0}, rateFmt("requests"))
	r.Ratio = "—"
	return append(out, r)
}
