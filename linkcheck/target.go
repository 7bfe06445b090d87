package linkcheck

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/s3share/s3share/presigned"
)

// awsS3Hosts are the forms of an S3 host name in a region (%s), without
// the partition's domain: regional, legacy dash, dual-stack and FIPS.
var awsS3Hosts = []string{"s3.%s", "s3-%s", "s3.dualstack.%s", "s3-fips.%s", "s3-fips.dualstack.%s"}

// awsS3AnyRegion are S3 host names that serve buckets of every region.
var awsS3AnyRegion = []string{"s3-accelerate", "s3-accelerate.dualstack"}

// probeTarget says why l's stored URL must not be probed, or nil: a probe
// goes only to the link's recorded endpoint (its host, or the bucket's
// virtual host under it, with the same scheme and port) or, for a link
// issued on AWS, to an S3 host of its region over https, with the link's
// bucket in the host or first in the path. A history edited to send a
// signed URL elsewhere gets no request.
func probeTarget(l presigned.Link) error {
	u, err := url.Parse(l.URL)
	switch {
	case err != nil || u.Host == "" || u.Scheme == "":
		return errors.New("the stored URL does not parse")
	case u.User != nil:
		return errors.New("the stored URL carries a user name")
	case l.Endpoint == "":
		return awsTarget(l, u)
	}
	return endpointTarget(l, u)
}

// endpointTarget checks u against the link's recorded endpoint.
func endpointTarget(l presigned.Link, u *url.URL) error {
	e, err := url.Parse(l.Endpoint)
	if err != nil || e.Host == "" {
		return errors.New("the link's recorded endpoint does not parse")
	}
	mismatch := fmt.Errorf("the stored URL goes to %s, not to the link's endpoint %s (was the history edited?)",
		firstLineOf(u.Scheme+"://"+u.Host, 100), firstLineOf(l.Endpoint, 100))
	if !strings.EqualFold(u.Scheme, e.Scheme) || portOf(u) != portOf(e) {
		return mismatch
	}
	host, endpointHost := strings.ToLower(u.Hostname()), strings.ToLower(e.Hostname())
	switch host {
	case l.Bucket + "." + endpointHost:
		return nil
	case endpointHost:
		if firstSegment(strings.TrimPrefix(u.Path, strings.TrimRight(e.Path, "/"))) == l.Bucket {
			return nil
		}
	}
	return mismatch
}

// awsTarget checks u against the S3 hosts of the link's region.
func awsTarget(l presigned.Link, u *url.URL) error {
	where := "S3"
	if l.Region != "" {
		where += " in " + l.Region
	}
	mismatch := fmt.Errorf("the stored URL goes to %s, not to %s for bucket %s (was the history edited?)",
		firstLineOf(u.Scheme+"://"+u.Host, 100), where, l.Bucket)
	if u.Scheme != "https" || portOf(u) != "443" {
		return mismatch
	}
	host := strings.ToLower(u.Hostname())
	if rest, ok := strings.CutPrefix(host, l.Bucket+"."); ok && awsS3Host(rest, l.Region) {
		return nil
	}
	if awsS3Host(host, l.Region) && firstSegment(u.Path) == l.Bucket {
		return nil
	}
	return mismatch
}

// awsS3Host reports whether host is an S3 host name serving region (any
// region when region is unknown).
func awsS3Host(host, region string) bool {
	name, ok := strings.CutSuffix(host, ".amazonaws.com")
	if cn, isCN := strings.CutSuffix(host, ".amazonaws.com.cn"); isCN {
		name, ok = cn, region == "" || strings.HasPrefix(region, "cn-")
	} else if strings.HasPrefix(region, "cn-") {
		ok = false
	}
	if !ok {
		return false
	}
	if name == "s3" {
		return region == "" || region == "us-east-1"
	}
	for _, everywhere := range awsS3AnyRegion {
		if name == everywhere {
			return true
		}
	}
	for _, form := range awsS3Hosts {
		if region != "" && name == fmt.Sprintf(form, region) {
			return true
		}
		prefix := strings.TrimSuffix(form, "%s")
		if rest, found := strings.CutPrefix(name, prefix); region == "" && found && regionLike(rest) {
			return true
		}
	}
	return false
}

// regionLike reports whether s could be a region name: lower-case letters,
// digits and dashes.
func regionLike(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}

// portOf is u's port, or its scheme's default.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// firstSegment is the first segment of a URL path: "photos" of
// "/photos/a.png".
func firstSegment(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return seg
}
