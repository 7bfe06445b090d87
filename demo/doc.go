// Package demo runs the embedded default of s3share: an in-process
// S3-compatible server (github.com/rclone/gofakes3 with SigV4 checks) on
// 127.0.0.1, seeded with generated images, so `s3share demo` works with no
// AWS account. Signatures and presigned-URL expiry are really verified.
package demo
