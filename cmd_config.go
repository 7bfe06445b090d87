package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/s3share/s3share/termtext"
)

// configCmd shows the effective settings.
type configCmd struct {
	JSON bool `name:"json" help:"One JSON object per line: key, value, source (flag, env, file, default), where, help."`
}

// settingJSON is one line of config --json.
type settingJSON struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Source string `json:"source"`
	Where  string `json:"where"`
	Help   string `json:"help"`
}

// Run prints every setting, its effective value and where it came from.
func (c *configCmd) Run(g *globals) error {
	s := g.settings
	if c.JSON {
		enc := json.NewEncoder(g.stdout)
		for _, row := range s.List() {
			if err := enc.Encode(settingJSON{row.Key, row.Value, row.Origin.Source.String(), row.Origin.Where, row.Help}); err != nil {
				return err
			}
		}
		return nil
	}
	switch {
	case s.File == "":
		fmt.Fprintln(g.stdout, "Config file: none (set HOME, XDG_CONFIG_HOME or S3SHARE_CONFIG to have one)")
	case s.FileFound:
		fmt.Fprintf(g.stdout, "Config file: %s (found)\n", termtext.Escape(s.File))
	default:
		fmt.Fprintf(g.stdout, "Config file: %s (not found, so nothing comes from a file)\n", termtext.Escape(s.File))
	}
	fmt.Fprintln(g.stdout)
	tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tFROM\tVARIABLES")
	for _, row := range s.List() {
		value := row.Value
		if value == "" {
			value = "(unset)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", row.Key, termtext.Escape(value), termtext.Escape(row.Origin.String()), strings.Join(row.Envs, " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(g.stdout, "\nFlags beat variables, variables beat the file, the file beats the defaults. In the file: key = value, like expiry = \"7d\".")
	return err
}
