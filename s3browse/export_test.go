package s3browse

// MapError exposes mapError to the external tests.
var MapError = mapError

// WithPageKeys sets the keys per listing page of a Find, so small test
// buckets span many pages and get split.
func WithPageKeys(o FindOptions, n int32) FindOptions {
	o.pageKeys = n
	return o
}

// FastListing exposes the scanner option of ListObjectsV2 to the tests.
var FastListing = fastListing
