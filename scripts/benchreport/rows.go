package main

import "fmt"

// Stats are one process figure from ./scripts/bench, in milliseconds.
type Stats struct {
	Median float64 `json:"median_ms"`
	Min    float64 `json:"min_ms"`
	Max    float64 `json:"max_ms"`
	N      int     `json:"n"`
}

// Procs are the process figures from ./scripts/bench -json.
type Procs struct {
	Runs                    int       `json:"runs"`
	AWSRuns                 int       `json:"aws_runs"`
	LsObjects               int       `json:"ls_objects"`
	FirstFrame              Stats     `json:"first_frame"`
	FirstText               Stats     `json:"first_text"`
	PresignS3share          Stats     `json:"presign_s3share"`
	PresignS3shareNoHistory Stats     `json:"presign_s3share_no_history"`
	PresignAWS              Stats     `json:"presign_aws"`
	HelpS3share             Stats     `json:"help_s3share"`
	InitFrontEnd            []float64 `json:"init_front_end_ms"`
	InitTotal               []float64 `json:"init_total_ms"`
	LsS3share               Stats     `json:"ls_s3share"`
	LsAWS                   Stats     `json:"ls_aws"`
	PutS3share              Stats     `json:"put_s3share"`
	PutAWS                  Stats     `json:"put_aws"`
	Skipped                 []string  `json:"skipped"`

	Find    *FindProcs    `json:"find"`    // rows_find.go
	Listing *ListingProcs `json:"listing"` // rows_listing.go
	Opens   *OpensProcs   `json:"opens"`   // rows_accesslog.go
}

// Row is one line of the report. With Missing set, the figure was not
// measured in this run.
type Row struct {
	Figure   string
	Target   string
	Measured string
	Ratio    string // measured / target
	Result   string // pass, miss, or "—" when there is no target
	Missing  bool
}

// bound is a numeric target: at most (or, with atLeast, at least) limit.
type bound struct {
	limit   float64
	atLeast bool
}

// judge makes a row from value against b; format renders values.
func judge(figure, target string, value float64, b bound, format func(float64) string) Row {
	r := Row{Figure: figure, Target: target, Measured: format(value), Ratio: fmt.Sprintf("%.2f", value/b.limit)}
	pass := value <= b.limit
	if b.atLeast {
		pass = value >= b.limit
	}
	r.Result = map[bool]string{true: "pass", false: "**miss**"}[pass]
	return r
}

// missing is a row for a figure whose benchmark did not run.
func missing(figure, target, why string) Row {
	return Row{Figure: figure, Target: target, Measured: "not measured: " + why, Ratio: "—", Result: "—", Missing: true}
}

// Formats for measured values.
func msFmt(v float64) string {
	if v < 0.1 {
		return fmt.Sprintf("%.2f µs", v*1000)
	}
	return fmt.Sprintf("%.2f ms", v)
}
func timesFmt(v float64) string { return fmt.Sprintf("%.1fx", v) }
func rateFmt(unit string) func(float64) string {
	return func(v float64) string { return fmt.Sprintf("%.0f %s", v, unit) }
}

// rows builds every row of issue 4's targets.
func rows(b *Bench, p *Procs) []Row {
	var out []Row
	out = append(out, processRows(p)...)
	out = append(out, uiRows(b)...)
	out = append(out, listingRows(b, p)...)
	out = append(out, listRows(b)...)
	out = append(out, presignRows(b, p)...)
	out = append(out, historyRows(b)...)
	out = append(out, shareRows(b)...)
	out = append(out, checkRows(b)...)
	out = append(out, previewRows(b)...)
	out = append(out, findRows(b, p)...)
	out = append(out, accessLogRows(b, p)...)
	out = append(out, teamRows(b)...)
	out = append(out, uploadRows(b)...)
	out = append(out, memoryRow(b))
	return out
}

// nsMetric returns ns/op of name in milliseconds.
func nsMetric(b *Bench, name string) (float64, bool) {
	v, ok := b.get(name, "ns/op")
	return v / 1e6, ok
}

// msRow judges name's ns/op in ms against at most limit ms.
func msRow(b *Bench, figure, name string, limit float64) Row {
	target := fmt.Sprintf("≤ %g ms", limit)
	v, ok := nsMetric(b, name)
	if !ok {
		return missing(figure, target, name+" did not run")
	}
	return judge(figure, target, v, bound{limit: limit}, msFmt)
}

// scalingRow judges ns/op of big over small against at most limit times.
func scalingRow(b *Bench, figure, big, small string, limit float64) Row {
	target := fmt.Sprintf("≤ %gx", limit)
	vb, okb := b.get(big, "ns/op")
	vs, oks := b.get(small, "ns/op")
	if !okb || !oks || vs == 0 {
		return missing(figure, target, big+" or "+small+" did not run")
	}
	r := judge(figure, target, vb/vs, bound{limit: limit}, timesFmt)
	r.Measured = fmt.Sprintf("%.1fx (%s vs %s)", vb/vs, msFmt(vb/1e6), msFmt(vs/1e6))
	return r
}
