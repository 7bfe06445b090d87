// Package imagemeta finds and removes the location data in image files
// without touching anything else: it reads the GPS position an image
// carries (EXIF GPS tags and XMP exif:GPS properties) and produces a copy
// whose pixels, orientation, colour profile and other metadata are the
// same bytes, with only the location gone.
//
// Formats: JPEG (APP1 Exif and XMP, also in the other pictures of a
// multi-picture file), PNG (eXIf, XMP in iTXt, and the text chunks
// ImageMagick writes), WebP (EXIF and XMP chunks) and HEIF, that is HEIC
// and AVIF (Exif and XMP items). Other formats are ErrUnsupported.
//
// EXIF is edited in place: the GPSInfo entry leaves its IFD (the table
// shrinks where it is and its freed tail becomes zeros), and the GPS IFD
// and its values are overwritten with zeros. XMP GPS properties are
// overwritten with spaces. Nothing moves, so no offset anywhere (maker
// notes, thumbnails, RIFF and box sizes, HEIF item locations) changes and
// the file keeps its length. Only in PNG, where nothing points at
// offsets, a metadata chunk is written again (new CRC; recompressed when
// it was compressed) or, for a text chunk that holds a GPS tag and
// nothing else, dropped.
//
// A removal is therefore a short list of edits: PlanStrip reads only the
// metadata through an io.ReaderAt, and Plan.Open serves the edited file
// as an io.ReadSeeker and io.ReaderAt over the original, so a large
// upload is never held in memory. StripLocation does the same for bytes
// in memory.
//
// Metadata that cannot be edited safely is an *Error wrapping
// ErrMalformed, ErrUnsupported or ErrTooLarge and no output, never a
// guess: a removal that could damage other data or leave the position
// behind is refused, and the caller decides.
//
// The package does no network I/O and has no UI.
package imagemeta
