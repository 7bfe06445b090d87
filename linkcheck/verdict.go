package linkcheck

import (
	"fmt"
	"strings"

	"github.com/s3share/s3share/presigned"
)

// classify turns an answer to a ranged GET of a presigned URL into a
// verdict kind. code and message come from the S3 error document ("" when
// there is none). The wording of AWS and versitygw is matched; an
// AccessDenied that says nothing more specific is "denied", which is
// honest: S3 answers so for a deleted object when the signer cannot list.
func classify(status int, code, message string) presigned.VerdictKind {
	msg := strings.ToLower(message)
	switch {
	case status == 200, status == 206, status == 416: // 416: an empty object has no byte 0
		return presigned.VerdictWorks
	case code == "NoSuchKey":
		return presigned.VerdictObjectGone
	case code == "NoSuchBucket":
		return presigned.VerdictBucketGone
	case code == "InvalidAccessKeyId", code == "XAdminUserNotFound":
		return presigned.VerdictSignerRevoked
	case code == "ExpiredToken", code == "InvalidToken", code == "TokenRefreshRequired":
		return presigned.VerdictSessionEnded
	case code == "SignatureDoesNotMatch":
		return presigned.VerdictSignatureRejected
	case strings.Contains(msg, "request has expired"):
		return presigned.VerdictExpired
	case strings.Contains(msg, "not yet valid"), code == "RequestTimeTooSkewed":
		return presigned.VerdictNotYetValid
	case code == "PermanentRedirect", code == "IncorrectEndpoint", status == 301, status == 307,
		strings.Contains(msg, "region") && strings.Contains(msg, "is wrong"),
		code == "AuthorizationHeaderMalformed", code == "AuthorizationQueryParametersError" && strings.Contains(msg, "region"):
		return presigned.VerdictWrongRegion
	case status == 404 && code == "":
		return presigned.VerdictObjectGone
	case status == 403:
		return presigned.VerdictDenied
	}
	return presigned.VerdictServerError
}

// answerDetail is the one-line detail of an answer: "404 NoSuchKey: The
// specified key does not exist."
func answerDetail(status int, code, message string) string {
	d := fmt.Sprint(status)
	if code != "" {
		d += " " + code
	}
	if message != "" {
		d += ": " + firstLineOf(message, 160)
	}
	return d
}

// firstLineOf keeps the first line of s, at most n bytes.
func firstLineOf(s string, n int) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}
