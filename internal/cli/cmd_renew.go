package cli

import (
	"context"

	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/share"
)

// renewCmd issues links again.
type renewCmd struct {
	IDs     []int64    `arg:"" name:"ID" help:"Links to issue again, as new links with the same settings."`
	Expires expiryFlag `help:"How long the new links work (default: as long as each was asked to)." placeholder:"DURATION"`
}

// Run issues each link again where it was issued (its endpoint, addressing
// and region, whatever the flags say) and prints the new URLs.
func (c *renewCmd) Run(ctx context.Context, g *globals) error {
	expires := c.Expires.Expiry // zero when not given: each link's own lifetime
	h, links, b, err := g.recordedLinks(ctx, c.IDs)
	if err != nil {
		return err
	}
	defer h.Close()
	ts, err := g.teamSession(ctx, h, b)
	if err != nil {
		return err
	}
	defer g.pushTeam(ctx, ts)
	p := g.pipeline(b, h)
	out := shareFlags{Format: linkfmt.FormatURL}
	warned := map[string]bool{}
	for _, l := range links {
		e := expires
		if e.Duration == 0 {
			e = share.Expiry{Duration: l.Lifetime()} // as long as it was asked to work
		}
		_, err := p.RenewFor(ctx, l, e, func(links []presigned.Link) error {
			warnOnce(g.stderr, links, warned)
			return out.print(g, links)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
