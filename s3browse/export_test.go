package s3browse

// MapError exposes mapError to the external tests.
var MapError = mapError
