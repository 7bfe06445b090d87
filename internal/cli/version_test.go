package cli

import (
	"runtime/debug"
	"testing"
)

func TestVersionString(t *testing.T) {
	info := func(version string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	cases := []struct {
		info *debug.BuildInfo
		want string
	}{
		{info("v1.2.0"), "s3share v1.2.0 go1.26.8"},
		{info(""), "s3share (devel) go1.26.8"},
		{info("v0.0.0-20261127102240-f953e8567ad0", "vcs.revision", "f953e8567ad07f6a1081d6f811e6fc94e30d5702", "vcs.time", "2026-11-27T10:22:40Z", "vcs.modified", "false"),
			"s3share v0.0.0-20261127102240-f953e8567ad0 (commit f953e8567ad0, 2026-11-27T10:22:40Z) go1.26.8"},
		{info("(devel)", "vcs.revision", "abc", "vcs.modified", "true"), "s3share (devel) (commit abc, with uncommitted changes) go1.26.8"},
	}
	for _, c := range cases {
		if got := versionString(c.info); got != c.want {
			t.Errorf("versionString = %q, want %q", got, c.want)
		}
	}
}
