package cli

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/alecthomas/kong"
)

// versionVars gives kong's --version flag its text, from the build
// information the Go toolchain stamps into the binary.
func versionVars() kong.Vars {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return kong.Vars{"version": "s3share (no build information)"}
	}
	return kong.Vars{"version": versionString(info)}
}

// versionString is one line: the module version (a tag, a pseudo-version
// with the commit, or "(devel)"), then the commit, its time and whether the
// tree had changes, then the Go version.
func versionString(info *debug.BuildInfo) string {
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	var vcs []string
	if rev := settings["vcs.revision"]; rev != "" {
		vcs = append(vcs, "commit "+rev[:min(12, len(rev))])
	}
	if t := settings["vcs.time"]; t != "" {
		vcs = append(vcs, t)
	}
	if settings["vcs.modified"] == "true" {
		vcs = append(vcs, "with uncommitted changes")
	}
	line := "s3share " + version
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	return fmt.Sprintf("%s %s", line, info.GoVersion)
}
