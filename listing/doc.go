// Package listing holds folder listings compactly: a page of objects is a
// few flat slices (names back to back in one byte arena, with their ends,
// sizes, times and ETags beside them, and flags in bitsets) instead of a
// struct and four strings per object. Names are stored without the
// folder's prefix, which every key shares. Strings are built only when a
// caller asks for one object's name or key: the rows on screen, a match.
//
// A million objects of 50-byte keys take about 70 MB here, against about
// 160 MB as Go strings and structs, and the arrays hold no pointers, so
// the garbage collector does not scan them. A holder with no use for the
// ETags (the terminal UI) drops them: 16 bytes an object less.
//
// A Builder gathers a page (from a listing scanner or from objects) with
// buffers it keeps between pages; Finish copies it into a Page of exactly
// its size. Pages is a listing of many pages with one index over all of
// them, and Filter finds the names that contain a text.
package listing
