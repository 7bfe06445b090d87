package ui

import "github.com/s3share/s3share/internal/hint"

// uiFixes says, in the UI's terms, how to change the setting a library
// error points at (the CLI names its flag instead).
var uiFixes = map[hint.Setting]string{
	hint.Revocable: "tick revocable in the share dialog",
	hint.History:   "set history in ~/.config/s3share/config.toml (s3share config shows where it comes from)",
	hint.Profile:   "set profile in ~/.config/s3share/config.toml, or AWS_PROFILE",
	hint.Region:    "set region in ~/.config/s3share/config.toml",
	hint.Endpoint:  "set endpoint_url in ~/.config/s3share/config.toml",
	// Uploads from the UI take images as they are named, create-only,
	// without location data; s3share put does the rest.
	hint.AllFiles:     "the UI uploads images only; s3share put --all uploads other files",
	hint.Overwrite:    "s3share put --overwrite replaces it",
	hint.KeepMetadata: "s3share put --keep-metadata uploads it as it is",
	hint.ObjectName:   "s3share put --name names it",
	hint.Recursive:    "s3share put --recursive reads them",
}

// errorText is err as the UI says it: its message, then how to change the
// setting that fixes it, when it names one the UI can point at.
func errorText(err error) string {
	msg := err.Error()
	if s, ok := hint.Of(err); ok && uiFixes[s] != "" {
		msg += " (" + uiFixes[s] + ")"
	}
	return msg
}
