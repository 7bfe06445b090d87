// Package s3browse is the S3 side of s3share: clients from the standard AWS
// configuration chain, per-region clients, bucket and folder listing, image
// detection, bucket-region resolution, s3:// locations and typed errors.
//
// It never imports Charm packages; the terminal UI and the CLI both sit on it.
package s3browse
