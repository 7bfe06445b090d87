package main

// shareRows are the figures of the link formats, the gallery page and QR
// codes (issue 11): each runs on a key press or a share, so each should
// cost well under a frame, or under a blink for the QR code (a Cmd).
func shareRows(b *Bench) []Row {
	return []Row{
		msRow(b, "Format 1000 links as a message", "BenchmarkFormat1000/format=message", 16),
		msRow(b, "Format 1000 links as Markdown", "BenchmarkFormat1000/format=markdown", 16),
		msRow(b, "Render a gallery page of 100 images", "BenchmarkRenderGallery100", 16),
		msRow(b, "QR code of a 1,500-character link", "BenchmarkQRSessionURL", 50),
	}
}
