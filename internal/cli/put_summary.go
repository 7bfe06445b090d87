package cli

import (
	"fmt"
	"strings"

	"github.com/dustin/go-humanize"

	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// summaryLines is how many uploads are named one a line; more are
// summed up in one line.
const summaryLines = 20

// summarize says on stderr what was uploaded where and what location
// data was removed (or kept), and warns of a create-only check that was
// not atomic.
func summarize(g *globals, ups []*share.Upload) {
	if len(ups) <= summaryLines {
		for _, up := range ups {
			fmt.Fprintf(g.stderr, "s3share: uploaded %s\n", uploadLine(up))
		}
	} else {
		fmt.Fprintf(g.stderr, "s3share: %s\n", uploadTotal(ups))
	}
	for _, up := range ups {
		if up.Kept != nil {
			fmt.Fprintf(g.stderr, "s3share: warning: %s keeps its GPS position (%s): anyone with the link can read where it was taken\n",
				termtext.Escape(up.File.Name), strings.Join(up.Kept.In, ", "))
		}
	}
	for _, up := range ups {
		if up.NotAtomic {
			fmt.Fprintln(g.stderr, "s3share: warning: the server does not take create-only writes: only a check just before the upload kept it from replacing an object")
			break
		}
	}
}

// uploadLine is one upload for people: "photo.jpg to s3://b/k (2.1 MB,
// image/jpeg): GPS position removed (EXIF)".
func uploadLine(up *share.Upload) string {
	line := fmt.Sprintf("%s to %s (%s, %s)", termtext.Escape(up.File.Name), termtext.Escape(up.Where().String()),
		humanize.Bytes(uint64(up.Size)), termtext.Escape(up.ContentType))
	if what := locationNote(up); what != "" {
		line += ": " + what
	}
	return line
}

// locationNote says what happened to an upload's location data: removed,
// none found, kept; "" for files where there is none to look for.
func locationNote(up *share.Upload) string {
	switch {
	case up.Kept != nil:
		return "metadata kept as it is, GPS position included"
	case up.Location.Changed() || up.Location.Format != "":
		return up.Location.String()
	}
	return ""
}

// uploadTotal sums up many uploads in one line: "uploaded 120 files (340
// MB) to s3://b/p/; GPS position removed from 12".
func uploadTotal(ups []*share.Upload) string {
	size, removed := int64(0), 0
	for _, up := range ups {
		size += up.Size
		if up.Location.Changed() {
			removed++
		}
	}
	dir, _ := splitKey(ups[0].Key)
	line := fmt.Sprintf("uploaded %d files (%s) to %s", len(ups), humanize.Bytes(uint64(size)),
		termtext.Escape("s3://"+ups[0].Bucket+"/"+dir))
	if removed > 0 {
		line += fmt.Sprintf("; location data removed from %d", removed)
	}
	return line
}
