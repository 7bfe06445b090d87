package cli

import (
	"context"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"github.com/s3share/s3share/config"
)

// TestJoinNegativeValues: a negative number after a flag that takes a
// value becomes its value; switches, other words and everything after
// "--" are left as they are.
func TestJoinNegativeValues(t *testing.T) {
	c := cli{globals: globals{stdout: io.Discard, stderr: io.Discard, now: time.Now, settings: config.Defaults()}}
	parser, err := c.parser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ in, want []string }{
		{[]string{"find", "--larger", "-1", "s3://b"}, []string{"find", "--larger=-1", "s3://b"}},
		{[]string{"--profile", "-2", "buckets"}, []string{"--profile=-2", "buckets"}},
		{[]string{"check", "--timeout", "-0.5s"}, []string{"check", "--timeout=-0.5s"}},
		{[]string{"find", "--larger=-1", "s3://b"}, []string{"find", "--larger=-1", "s3://b"}},
		{[]string{"find", "--larger", "-x", "s3://b"}, []string{"find", "--larger", "-x", "s3://b"}},
		{[]string{"presign", "--revocable", "-1"}, []string{"presign", "--revocable", "-1"}},
		{[]string{"presign", "--", "--expires", "-1h"}, []string{"presign", "--", "--expires", "-1h"}},
		{[]string{"find", "--larger"}, []string{"find", "--larger"}},
	}
	for _, tc := range cases {
		if got := joinNegativeValues(parser.Model, tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q became %q, want %q", tc.in, got, tc.want)
		}
	}
	// The joining is only right while no short flag is a digit.
	var walk func(*kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			if f.Short >= '0' && f.Short <= '9' {
				t.Errorf("--%s has the short flag -%c: -%c would no longer be a value", f.Name, f.Short, f.Short)
			}
		}
		for _, child := range n.Children {
			walk(child)
		}
	}
	walk(parser.Model.Node)
}
