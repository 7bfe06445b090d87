package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/termtext"
)

// revokeCmd revokes revocable links.
type revokeCmd struct {
	IDs []int64 `arg:"" name:"ID" help:"Links to revoke (made with presign --revocable)."`
}

// Run deletes each link's share copy (a gallery's page and image copies),
// where it was issued, and records it.
func (c *revokeCmd) Run(ctx context.Context, g *globals) error {
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
	var failed error
	for _, l := range links {
		rv, err := p.Revoke(ctx, l)
		if err != nil {
			err = wordCopyError(err)
			fmt.Fprintf(g.stderr, "s3share: %s\n", words(err))
			failed = errors.Join(failed, err)
			continue
		}
		fmt.Fprintln(g.stderr, revokedLine(l, rv))
	}
	if failed != nil {
		return fmt.Errorf("not every link was revoked (see above)")
	}
	return nil
}

// revokedLine says what a revoke of l did, and for a gallery which of its
// images still work.
func revokedLine(l presigned.Link, rv share.Revocation) string {
	where := termtext.Escape("s3://" + l.Bucket + "/" + l.Key)
	if !l.Gallery {
		return fmt.Sprintf("Revoked link %d (%s): it now answers 404.", l.ID, where)
	}
	line := fmt.Sprintf("Revoked gallery %d (%s): its page is deleted and answers 404.", l.ID, where)
	if rv.Deleted > 1 {
		line = fmt.Sprintf("Revoked gallery %d (%s): its page and the copies of %s are deleted and answer 404.", l.ID, where, presigned.Plural(rv.Deleted-1, "image"))
	}
	if len(rv.Live) > 0 {
		line += fmt.Sprintf(" Its %s point at the originals and keep working until they end (the last %s); "+
			"to stop them sooner, delete the objects or the signing key.", presigned.Plural(len(rv.Live), "image link"), linkfmt.FormatEnd(latestEnd(rv.Live), time.Local))
	}
	return line
}

// latestEnd is when the last of links stops working.
func latestEnd(links []presigned.Link) time.Time {
	var end time.Time
	for _, l := range links {
		if l.End().After(end) {
			end = l.End()
		}
	}
	return end
}

// wordCopyError says, in flags, what to do about a share copy refused for
// being outside the share prefix.
func wordCopyError(err error) error {
	var nc *share.NotACopyError
	if errors.As(err, &nc) && nc.Outside {
		return fmt.Errorf("%w (if it was shared under another --share-prefix, give that one)", err)
	}
	return err
}
