package ledger

import (
	"errors"
	"net/url"
	"strings"
)

// secretParams are the query parameters that make a presigned URL usable:
// they never leave the issuer's machine. The rest (X-Amz-Credential,
// X-Amz-Date, X-Amz-Expires...) stays, to match access-log records later.
var secretParams = []string{"x-amz-signature", "x-amz-security-token"}

// StripSecrets returns rawURL without its X-Amz-Signature and
// X-Amz-Security-Token query parameters (in any case, however encoded);
// every other byte of the URL is kept as it was. A URL with user
// information (user:password@) is refused.
func StripSecrets(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", errors.New("the link's URL does not parse")
	}
	if u.User != nil {
		return "", errors.New("the link's URL carries a user name or password")
	}
	base, rest, hasQuery := strings.Cut(rawURL, "?")
	if !hasQuery {
		return rawURL, nil
	}
	query, fragment, hasFragment := strings.Cut(rest, "#")
	var kept []string
	for _, part := range strings.Split(query, "&") {
		if !isSecretParam(part) {
			kept = append(kept, part)
		}
	}
	out := base
	if len(kept) > 0 {
		out += "?" + strings.Join(kept, "&")
	}
	if hasFragment {
		out += "#" + fragment
	}
	return out, nil
}

// isSecretParam reports whether one name=value part of a query names a
// secret parameter.
func isSecretParam(part string) bool {
	name, _, _ := strings.Cut(part, "=")
	if decoded, err := url.QueryUnescape(name); err == nil {
		name = decoded
	}
	name = strings.ToLower(strings.TrimSpace(name))
	for _, secret := range secretParams {
		if name == secret {
			return true
		}
	}
	return false
}

// checkSecrets refuses a URL that still names a secret parameter anywhere,
// even encoded twice over, or carries user information.
func checkSecrets(rawURL string) error {
	if rawURL == "" {
		return nil
	}
	if stripped, err := StripSecrets(rawURL); err != nil {
		return err
	} else if stripped != rawURL {
		return errors.New("the link's URL still carries its signature or session token")
	}
	if mentionsSecret(rawURL) {
		return errors.New("the link's URL still carries its signature or session token")
	}
	return nil
}

// mentionsSecret reports whether s names a secret parameter anywhere, as
// it is or percent-decoded up to three times.
func mentionsSecret(s string) bool {
	for range 3 {
		lower := strings.ToLower(s)
		for _, secret := range secretParams {
			if strings.Contains(lower, secret) {
				return true
			}
		}
		decoded, err := url.QueryUnescape(s)
		if err != nil || decoded == s {
			break
		}
		s = decoded
	}
	return false
}
