package main

import "fmt"

// teamRows are the team ledger's figures (issue 19): an idle sync is one
// LIST, a first sync of 10,000 events takes at most 2 s, and a team adds
// at most one round trip and one PUT to a presign.
func teamRows(b *Bench) []Row {
	return []Row{idleSyncRow(b), firstSyncRow(b), presignTeamRow(b)}
}

// idleSyncRow judges the requests of a sync with nothing new.
func idleSyncRow(b *Bench) Row {
	const figure, target, name = "Team: a sync with nothing new (versitygw)", "= 1 LIST", "BenchmarkIdlePull"
	n, ok := b.get(name, "requests/op")
	ms, okT := nsMetric(b, name)
	if !ok || !okT {
		return missing(figure, target, name+" did not run")
	}
	r := judge(figure, target, n, bound{limit: 1}, rateFmt("request"))
	r.Measured = fmt.Sprintf("%.2f requests, %s", n, msFmt(ms))
	return r
}

// firstSyncRow judges a new member's first sync of a big ledger.
func firstSyncRow(b *Bench) Row {
	const name = "BenchmarkFirstSync10000Events"
	r := msRow(b, "Team: a first sync of 9,995 events from a snapshot and 99 log objects (versitygw behind a 20 ms proxy)", name, 2000)
	if n, ok := b.get(name, "requests/op"); ok && !r.Missing {
		r.Measured += fmt.Sprintf(", %.0f requests", n)
	}
	return r
}

// presignTeamRow judges what a team adds to a presign: the requests it
// adds, each a round trip after the presign's own (one, the PUT; and a
// snapshot every 100 log objects), and its PUTs. The time it adds is
// shown next to one PUT's round trip through the same proxy: the rest is
// the history's local work.
func presignTeamRow(b *Bench) Row {
	const figure = "Team: what a team adds to a presign, push included (versitygw behind a 20 ms proxy)"
	const target = "≤ 1 round trip, ≤ 1 PUT (+ a snapshot per 100)"
	const on, off = "BenchmarkPresignTeam/on", "BenchmarkPresignTeam/off"
	msOn, okOn := nsMetric(b, on)
	msOff, okOff := nsMetric(b, off)
	trip, okTrip := nsMetric(b, "BenchmarkPresignTeam/roundtrip")
	reqOn, okR := b.get(on, "requests/op")
	reqOff, _ := b.get(off, "requests/op")
	putsOn, _ := b.get(on, "PUTs/op")
	putsOff, _ := b.get(off, "PUTs/op")
	if !okOn || !okOff || !okTrip || !okR {
		return missing(figure, target, "BenchmarkPresignTeam did not run")
	}
	const perSnapshot = 1.0 / 100
	r := judge(figure, target, (reqOn-reqOff)/(1+perSnapshot), bound{limit: 1}, rateFmt("round trip"))
	r.Measured = fmt.Sprintf("+%.2f requests, +%.2f PUTs; +%s (%s on, %s off; a 1 KiB PUT's round trip %s)",
		reqOn-reqOff, putsOn-putsOff, msFmt(msOn-msOff), msFmt(msOn), msFmt(msOff), msFmt(trip))
	if putsOn-putsOff > 1+perSnapshot {
		r.Result = "**miss**"
	}
	return r
}
