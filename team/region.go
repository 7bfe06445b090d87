package team

import "context"

// regions is what an Objects that finds buckets' regions itself offers
// (*s3browse.Browser): the ledger's bucket's region comes from the
// history's cache, so that a command's push is one PUT, not a ListBuckets
// to find the region first and then the PUT.
type regions interface {
	Endpoint() string
	KnownRegion(bucket string) string
	SetRegion(bucket, region string)
}

// useCachedRegion tells the Objects the ledger bucket's region the
// history has cached, when it has one and the Objects knows none; it
// reports whether the region was known either way.
func useCachedRegion(ctx context.Context, cfg Config) bool {
	r, ok := cfg.Objects.(regions)
	if !ok || r.KnownRegion(cfg.Bucket) != "" {
		return true
	}
	region, err := cfg.History.CachedRegion(ctx, r.Endpoint(), cfg.Bucket)
	if err != nil || region == "" {
		return false
	}
	r.SetRegion(cfg.Bucket, region)
	return true
}

// rememberRegion caches the ledger bucket's region in the history once
// the Objects has found it (a failure only costs a lookup next time).
func (s *Session) rememberRegion(ctx context.Context) {
	r, ok := s.cfg.Objects.(regions)
	if !ok || s.regionCached.Load() {
		return
	}
	if region := r.KnownRegion(s.cfg.Bucket); region != "" {
		_ = s.cfg.History.RememberRegion(ctx, r.Endpoint(), s.cfg.Bucket, region)
		s.regionCached.Store(true)
	}
}
