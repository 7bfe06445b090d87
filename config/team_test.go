package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestTeamSetting(t *testing.T) {
	path := writeFile(t, "team = \"s3://team-bucket/s3share\"\n")
	s, err := Load(context.Background(), path, env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	if s.Team != "s3://team-bucket/s3share/" {
		t.Errorf("team from the file: %q", s.Team)
	}
	s, err = Load(context.Background(), path, env{"S3SHARE_TEAM": "s3://other-bucket"}.get)
	if err != nil || s.Team != "s3://other-bucket/" {
		t.Errorf("S3SHARE_TEAM: %q, %v", s.Team, err)
	}
	if _, o, _ := s.Value(KeyTeam); o.Where != "S3SHARE_TEAM" {
		t.Errorf("origin %v", o)
	}
	for _, bad := range []string{"team-bucket", "s3://", "s3://Bad_Bucket/x", "s3://team-bucket//x", "https://x/y"} {
		if _, err := CheckTeam(bad); err == nil {
			t.Errorf("CheckTeam(%q) accepted it", bad)
		}
	}
	if _, err := Load(context.Background(), path, env{"S3SHARE_TEAM": "nope"}.get); !errors.Is(err, ErrBadConfig) {
		t.Errorf("a bad S3SHARE_TEAM: %v", err)
	}
}

// TestWriteSetting: the line that sets the key is replaced and every
// other line kept; a missing file is made 0600; a file that does not
// parse is left alone.
func TestWriteSetting(t *testing.T) {
	ctx := context.Background()
	path := writeFile(t, "# my settings\nexpiry = \"48h\"\nteam = \"s3://old-bucket/\" # was\nmouse = false")
	if err := WriteSetting(ctx, path, KeyTeam, "s3://new-bucket/p"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := "# my settings\nexpiry = \"48h\"\nteam = \"s3://new-bucket/p/\"\nmouse = false"
	if string(got) != want {
		t.Errorf("file after the write:\n%s\nwant\n%s", got, want)
	}
	if err := WriteSetting(ctx, path, KeyAutoCheck, "no"); err != nil {
		t.Fatal(err)
	}
	s, err := Load(ctx, path, env{}.get)
	if err != nil || s.Team != "s3://new-bucket/p/" || s.AutoCheck || s.Mouse {
		t.Errorf("the file written reads back as %+v, %v", s, err)
	}

	fresh := filepath.Join(t.TempDir(), "s3share", "config.toml")
	if err := WriteSetting(ctx, fresh, KeyTeam, "s3://team-bucket"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(fresh); string(got) != "team = \"s3://team-bucket/\"\n" {
		t.Errorf("new file: %q", got)
	}
	if info, err := os.Stat(fresh); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("new file's mode: %v, %v", info.Mode(), err)
	}

	broken := writeFile(t, "team = \n")
	if err := WriteSetting(ctx, broken, KeyTeam, "s3://team-bucket"); !errors.Is(err, ErrBadConfig) {
		t.Errorf("writing into a file that does not parse: %v", err)
	}
	if got, _ := os.ReadFile(broken); string(got) != "team = \n" {
		t.Errorf("the broken file was changed: %q", got)
	}
	if err := WriteSetting(ctx, fresh, KeyTeam, "not a location"); !errors.Is(err, ErrBadConfig) {
		t.Errorf("a bad value: %v", err)
	}
}
