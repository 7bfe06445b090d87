package cli

import (
	"fmt"
	"strings"

	"github.com/s3share/s3share/config"

	"github.com/s3share/s3share/termtext"
)

// configCmd shows the effective settings.
type configCmd struct{}

// settingRecord is one setting: its row of the table, or its JSON object.
type settingRecord config.Setting

func (r settingRecord) text() string {
	value := r.Value
	if value == "" {
		value = "(unset)"
	}
	return fmt.Sprintf("%-13s %-24s %-40s %s", r.Key, termtext.Escape(value), termtext.Escape(r.Origin.String()), strings.Join(r.Envs, " "))
}

func (r settingRecord) object() any {
	return struct {
		Key    string `json:"key"`
		Value  string `json:"value"`
		Source string `json:"source"`
		Where  string `json:"where"`
		Help   string `json:"help"`
	}{r.Key, r.Value, r.Origin.Source.String(), r.Origin.Where, r.Help}
}

// Run prints every setting, its effective value and where it came from;
// people also get which file was read and how the layers rank.
func (c *configCmd) Run(g *globals) error {
	s, out := g.settings, g.out()
	if !g.jsonOutput() {
		fmt.Fprintln(g.stdout, configFileLine(s)+"\n")
		fmt.Fprintf(g.stdout, "%-13s %-24s %-40s %s\n", "SETTING", "VALUE", "FROM", "VARIABLES")
	}
	for _, row := range s.List() {
		if err := out.print(settingRecord(row)); err != nil {
			return err
		}
	}
	if !g.jsonOutput() {
		fmt.Fprintln(g.stdout, "\nFlags beat variables, variables beat the file, the file beats the defaults. In the file: key = value, like expiry = \"7d\".")
	}
	return nil
}

// configFileLine says which settings file is read.
func configFileLine(s *config.Settings) string {
	switch {
	case s.File == "":
		return "Config file: none (set HOME, XDG_CONFIG_HOME or S3SHARE_CONFIG to have one)"
	case s.FileFound:
		return fmt.Sprintf("Config file: %s (found)", termtext.Escape(s.File))
	}
	return fmt.Sprintf("Config file: %s (not found, so nothing comes from a file)", termtext.Escape(s.File))
}
