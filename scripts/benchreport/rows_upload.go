package main

// uploadRows are put's location-data figures (issue 21): removing the GPS
// position of a 12 MP phone JPEG costs at most 20 ms, as put streams it
// (plan through a ReaderAt, then the edited bytes) and in memory.
func uploadRows(b *Bench) []Row {
	return []Row{
		msRow(b, "Location data removed from a 12 MP JPEG as put streams it (plan, then the edited bytes)", "BenchmarkPlanAndStream12MP", 20),
		msRow(b, "Location data removed from a 12 MP JPEG in memory (plan, then a copy with the edits)", "BenchmarkStripLocation12MP", 20),
	}
}
