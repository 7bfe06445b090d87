package demo

import (
	"fmt"
	"strings"
)

// texts are the non-image objects of the main bucket.
var texts = map[string]string{
	"README.txt":        photosReadme,
	"notes.md":          notes,
	"data.csv":          dataCSV(),
	"designs/brief.txt": "Brief: a warm, friendly palette for the spring campaign.\nDeliver PNG exports at 2x.\n",
}

const photosReadme = `This is the s3share demo bucket.

Everything here lives in memory inside the s3share process, served on
127.0.0.1 by an S3-compatible server that checks signatures and expiry.
Links you copy open in a browser on this machine while the demo runs.
Nothing is kept when the demo ends.
`

const screensReadme = "Screens of the demo app, for the second bucket.\n"

const notes = `# Notes

- Share a picture: move to it, press enter, pick an expiry, confirm.
- Select several with space, then press s.
- Press H for the history of issued links.
`

// dataCSV is a small generated table.
func dataCSV() string {
	var b strings.Builder
	b.WriteString("sku,name,price_eur,stock\n")
	names := []string{"runner", "trail", "loafer", "tote", "backpack", "cap", "beanie", "clutch"}
	for i, n := range names {
		fmt.Fprintf(&b, "SKU-%04d,%s,%d.%02d,%d\n", 1001+i, n, 19+i*7, (i*37)%100, (i*53)%40)
	}
	return b.String()
}
