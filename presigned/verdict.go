package presigned

import "time"

// VerdictKind is what a live check found out about a link.
type VerdictKind string

// The verdicts a check gives, from the answer's status and S3 error code
// (see presign-facts.md, "Checking a link later").
const (
	VerdictWorks             VerdictKind = "works"
	VerdictExpired           VerdictKind = "expired"            // past X-Amz-Date + X-Amz-Expires, or the credentials' end
	VerdictNotYetValid       VerdictKind = "not yet valid"      // signed by a clock ahead of the server's
	VerdictObjectGone        VerdictKind = "object gone"        // 404 NoSuchKey
	VerdictBucketGone        VerdictKind = "bucket gone"        // 404 NoSuchBucket
	VerdictSignerRevoked     VerdictKind = "signer revoked"     // 403 InvalidAccessKeyId: the signing key was deleted
	VerdictSessionEnded      VerdictKind = "session ended"      // ExpiredToken / InvalidToken
	VerdictSignatureRejected VerdictKind = "signature rejected" // SignatureDoesNotMatch
	VerdictWrongRegion       VerdictKind = "wrong region"
	VerdictDenied            VerdictKind = "denied"  // another 403: the signer lost permission, or the object is gone and it cannot list
	VerdictRevoked           VerdictKind = "revoked" // s3share deleted the link's copy
	VerdictUnreachable       VerdictKind = "unreachable"
	VerdictServerError       VerdictKind = "server error" // any other answer (5xx...)
	// VerdictWrongContent: 200 or 206, but with a web page (a Wi-Fi sign-in
	// page, a proxy's error page) or, for an image, a type that is not one.
	VerdictWrongContent VerdictKind = "wrong content"
	// VerdictWrongHost: not probed, because the stored URL goes somewhere
	// other than the link's recorded endpoint (an edited history).
	VerdictWrongHost VerdictKind = "wrong host"
)

// Verdict is the outcome of one check of a link.
type Verdict struct {
	Kind   VerdictKind // "" when the link was never checked
	Detail string      // the answer in one line: "404 NoSuchKey", "offline: ended 3h ago"
	At     time.Time   // when the check was made
}

// Checked reports whether the link was ever checked.
func (v Verdict) Checked() bool { return v.Kind != "" }

// Works reports whether the check found the link working.
func (v Verdict) Works() bool { return v.Kind == VerdictWorks }

// String is the verdict as people read it: "object gone".
func (v Verdict) String() string { return string(v.Kind) }
