// Package preview turns the first bytes of an S3 object into a picture a
// terminal can show: it sniffs the format, checks the pixel size and the
// memory a preview would take before decoding (decompression bombs;
// previews in flight share one budget, DecodeMemory), decodes PNG, JPEG
// (large and progressive ones at one eighth of their size, from their DC
// terms), GIF (first frame), WebP, BMP and TIFF, honours JPEG EXIF
// orientation, scales for a pane of cells, and renders with Unicode half
// blocks, kitty graphics (Unicode placeholders), sixel or iTerm2 inline
// images. It also detects which of these the terminal supports and keeps
// scaled previews in an LRU cache bounded in bytes.
//
// The package does no network I/O (callers hand it the object's first
// bytes); Detect talks only to the terminal it is given. It never imports
// Bubble Tea: the terminal UI and the preview command are thin callers.
package preview
