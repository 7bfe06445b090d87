package preview

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Format names as Sniff reports them, upper case as people write them.
const (
	PNG  = "PNG"
	JPEG = "JPEG"
	GIF  = "GIF"
	WebP = "WebP"
	BMP  = "BMP"
	TIFF = "TIFF"
	HEIC = "HEIC"
	AVIF = "AVIF"
	SVG  = "SVG"
	ICO  = "ICO"
)

// Sniff names the picture format of data from its first bytes, or "" when
// it is none this package knows. Text that merely ends in .jpg is "".
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return JPEG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP
	case len(data) >= 14 && string(data[:2]) == "BM":
		return BMP
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return TIFF
	case bytes.HasPrefix(data, []byte("\x00\x00\x01\x00")):
		return ICO
	}
	if f := isoBrand(data); f != "" {
		return f
	}
	if looksLikeSVG(data) {
		return SVG
	}
	return ""
}

// ContentType is the media type of a format Sniff names, for the
// Content-Type of an object ("image/jpeg"); "" for "".
func ContentType(format string) string {
	switch format {
	case SVG:
		return "image/svg+xml"
	case ICO:
		return "image/vnd.microsoft.icon"
	case "":
		return ""
	}
	return "image/" + strings.ToLower(format)
}

// isoBrand recognises HEIF/HEIC and AVIF files by their ftyp box.
func isoBrand(data []byte) string {
	if len(data) < 12 || string(data[4:8]) != "ftyp" {
		return ""
	}
	switch string(data[8:12]) {
	case "avif", "avis":
		return AVIF
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
		return HEIC
	}
	return ""
}

// looksLikeSVG reports whether data is text that opens an <svg> element
// near its start.
func looksLikeSVG(data []byte) bool {
	head := data[:min(len(data), 1024)]
	if !utf8.Valid(head[:max(0, len(head)-4)]) {
		return false
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if !bytes.HasPrefix(t, []byte("<")) {
		return false
	}
	return bytes.Contains(head, []byte("<svg"))
}
