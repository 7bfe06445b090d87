package accesslog

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// amzDateLayout is X-Amz-Date's format.
const amzDateLayout = "20060102T150405Z"

// LinkRef is what identifies one issued link in the logs. A link is
// matched by its bucket, the key its URL reads, its X-Amz-Date and the
// access key id of its X-Amz-Credential (two links of one key signed in
// the same second by the same key are one link for this purpose); a
// revocable link also by its copy's key alone, which is unique to it.
// A gallery's page and each of its images are links of their own.
type LinkRef struct {
	ID        string    // the caller's id of the link
	Bucket    string    // the bucket the URL reads
	Key       string    // the object shared
	CopyKey   string    // the revocable copy the URL reads instead of Key; "" for none
	AmzDate   string    // X-Amz-Date, e.g. 20261205T140500Z
	AccessKey string    // the access key id of X-Amz-Credential
	SignedAt  time.Time // X-Amz-Date as a time
	End       time.Time // when the link stops working
}

// urlKey is the key the link's URL reads.
func (l LinkRef) urlKey() string {
	if l.CopyKey != "" {
		return l.CopyKey
	}
	return l.Key
}

// errNotPresigned: a URL without X-Amz-Date or X-Amz-Credential.
var errNotPresigned = errors.New("not a presigned URL: no X-Amz-Date and X-Amz-Credential")

// RefFromURL builds the LinkRef of a link from its URL (the full one, or a
// teammate's copy without the signature): X-Amz-Date, the access key id
// of X-Amz-Credential, and, when end is zero, the end X-Amz-Expires gives.
// end should be the link's effective end (credentials that expire sooner
// end it sooner).
func RefFromURL(id, bucket, key, copyKey, rawURL string, end time.Time) (LinkRef, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return LinkRef{}, errors.New("the link's URL does not parse")
	}
	q := u.Query()
	date, cred := q.Get("X-Amz-Date"), q.Get("X-Amz-Credential")
	access, _, _ := strings.Cut(cred, "/")
	signed, err := time.Parse(amzDateLayout, date)
	if err != nil || access == "" {
		return LinkRef{}, errNotPresigned
	}
	if end.IsZero() {
		secs, err := strconv.Atoi(q.Get("X-Amz-Expires"))
		if err != nil || secs < 0 {
			return LinkRef{}, errors.New("the link's URL has no X-Amz-Expires")
		}
		end = signed.Add(time.Duration(secs) * time.Second)
	}
	return LinkRef{ID: id, Bucket: bucket, Key: key, CopyKey: copyKey, AmzDate: date, AccessKey: access,
		SignedAt: signed, End: end}, nil
}

// credentialAccessKey is the access key id at the start of a raw
// (percent-encoded) X-Amz-Credential value: up to "/" or "%2F".
func credentialAccessKey(raw string) string {
	for i := 0; i < len(raw); i++ {
		if raw[i] == '/' {
			return raw[:i]
		}
		if raw[i] == '%' && i+2 < len(raw) && raw[i+1] == '2' && (raw[i+2] == 'F' || raw[i+2] == 'f') {
			return raw[:i]
		}
	}
	return raw
}
