// Package hint lets library packages say which setting fixes an error
// without speaking CLI: the error says it in words ("use another history
// file"), its Setting says which one, and each front end names it its own
// way (the CLI as a flag, the UI as a setting).
package hint

import "errors"

// Setting is a setting a person can change to fix an error.
type Setting string

// The settings errors point at.
const (
	History      Setting = "history"       // the history file
	Profile      Setting = "profile"       // the AWS profile
	Region       Setting = "region"        // the bucket's region
	Endpoint     Setting = "endpoint"      // the S3-compatible endpoint URL
	Revocable    Setting = "revocable"     // share through a copy that can be deleted
	GalleryFile  Setting = "gallery-file"  // write a gallery page locally
	Overwrite    Setting = "overwrite"     // let an upload replace an object
	KeepMetadata Setting = "keep-metadata" // upload a file as it is, location data included
	AllFiles     Setting = "all"           // upload files that are not images too
	Recursive    Setting = "recursive"     // upload the subdirectories of a directory too
	ObjectName   Setting = "name"          // name the object an upload makes
	AccessLogs   Setting = "access-logs"   // where the buckets' server access logs are
)

// Fixable is an error that a setting fixes.
type Fixable interface {
	error
	FixedBy() Setting
}

// With returns err marked as fixed by s; nil stays nil.
func With(err error, s Setting) error {
	if err == nil {
		return nil
	}
	return &hinted{err: err, setting: s}
}

// Of returns the setting that fixes err, if any error in its chain says.
func Of(err error) (Setting, bool) {
	var f Fixable
	if errors.As(err, &f) && f.FixedBy() != "" {
		return f.FixedBy(), true
	}
	return "", false
}

type hinted struct {
	err     error
	setting Setting
}

func (h *hinted) Error() string    { return h.err.Error() }
func (h *hinted) Unwrap() error    { return h.err }
func (h *hinted) FixedBy() Setting { return h.setting }
