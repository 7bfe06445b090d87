// Package testsrv starts real S3-compatible servers for tests: versitygw (a
// gateway over a temp directory that checks signatures, regions and expiry)
// and an in-process gofakes3 with SigV4 authentication.
//
// Servers stop when the test ends. Only tests import this package.
package testsrv
