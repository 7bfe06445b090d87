package main

import "fmt"

// previewRows are issue 10's figures: the preview pane must never slow a
// keypress, decode a camera photo quickly, and keep its cache bound.
func previewRows(b *Bench) []Row {
	return []Row{
		scalingRow(b, "Keypress-to-frame at 100k objects, preview pane on vs off",
			"BenchmarkObjectsKeypressPreview/preview=on", "BenchmarkObjectsKeypressPreview/preview=off", 1.2),
		msRow(b, "Preview: 4000x3000 JPEG (5 MB) decoded, scaled, encoded for a 60x30 pane (blocks)",
			"BenchmarkDecodeScaleJPEG/pane=blocks", 250),
		msRow(b, "Preview: the same for kitty graphics (600x600-pixel box)",
			"BenchmarkDecodeScaleJPEG/pane=kitty", 250),
		cacheRow(b),
	}
}

// cacheRow judges the preview cache's peak use over its bound while 1,000
// previews go through it.
func cacheRow(b *Bench) Row {
	const figure, target, name = "Preview cache peak while scrolling 1,000 images, over its bound", "≤ 1.00", "BenchmarkCacheScroll1000"
	v, ok := b.get(name, "peak/bound")
	if !ok {
		return missing(figure, target, name+" did not run")
	}
	return judge(figure, target, v, bound{limit: 1}, func(v float64) string { return fmt.Sprintf("%.3f of the bound", v) })
}
