package cli

import (
	"reflect"
	"time"

	"github.com/alecthomas/kong"

	"github.com/s3share/s3share/share"
)

// expiryFlag is an expiry as typed on the command line: a duration or an
// end. kong parses it against the CLI's clock (expiryMapper), so a bad
// one is a usage error before anything runs.
type expiryFlag struct {
	share.Expiry
	text string // as typed, for messages and `s3share config`
}

// String is the expiry as typed.
func (e expiryFlag) String() string { return e.text }

// expiryMapper parses expiry flags with share.ParseExpiryEnd at now().
func expiryMapper(now func() time.Time) kong.Option {
	return kong.TypeMapper(reflect.TypeFor[expiryFlag](), kong.MapperFunc(func(ctx *kong.DecodeContext, target reflect.Value) error {
		var text string
		if err := ctx.Scan.PopValueInto("expiry", &text); err != nil {
			return err
		}
		if text == "" {
			target.Set(reflect.ValueOf(expiryFlag{}))
			return nil
		}
		e, err := share.ParseExpiryEnd(text, now())
		if err != nil {
			return err
		}
		target.Set(reflect.ValueOf(expiryFlag{Expiry: e, text: text}))
		return nil
	}))
}
