// Package ui is the s3share terminal UI, built on Bubble Tea v2.
//
// The root model routes between a small stack of screens (buckets, objects
// in a folder, the share dialog, the history). All I/O runs in tea.Cmds that
// return messages carrying the identity of their request, so replies for a
// screen already left are dropped. The S3 and history sides are reached only
// through the narrow interfaces in deps.go.
package ui
