// Package imagemeta finds and removes the location data in image files
// without touching anything else: it reads the GPS position an image
// carries (EXIF GPS tags and XMP exif:GPS properties) and produces a copy
// whose pixels, orientation, colour profile and other metadata are the
// same bytes, with only the location gone.
//
// Formats: JPEG (APP1 Exif and XMP), PNG (eXIf chunk, uncompressed XMP
// iTXt), WebP (EXIF and XMP chunks) and HEIF/AVIF (Exif and XMP items).
// Other formats are reported as unsupported.
//
// Every edit keeps the file's length and every offset in it: the GPS
// pointer is taken out of its IFD (the table shrinks in place and its
// freed tail is zeroed), the GPS IFD and its values are overwritten with
// zeros, XMP GPS properties are overwritten with spaces, and a PNG chunk's
// CRC is recomputed. Because nothing moves, a removal is a short list of
// patches: PlanStrip reads only the metadata through an io.ReaderAt, and
// Plan.Open serves the edited file as an io.ReadSeeker and io.ReaderAt
// over the original, so a large upload is never held in memory.
//
// Metadata that cannot be parsed safely is an *Error wrapping ErrMalformed,
// ErrUnsupported or ErrTooLarge, never a guess: a removal that might lose
// other data or leave the position behind is refused.
//
// The package does no network I/O and has no UI.
package imagemeta
