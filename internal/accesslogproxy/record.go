package accesslogproxy

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/s3share/s3share/s3browse"
)

// ownerID is the canonical user id the records give the bucket owner.
var ownerID = fmt.Sprintf("%x", sha256.Sum256([]byte("s3share accesslogproxy owner")))

// record writes one request as a line of AWS's server access log format:
// bucket owner, bucket, [time], remote IP, requester, request id,
// operation, key, "request line", status, error code, bytes sent, object
// size, total time, turn-around time, "referrer", "user agent", version
// id, host id, signature version, cipher suite, authentication type, host
// header, TLS version, access point ARN, ACL required, and the source
// region, which stands for the fields AWS appends later.
func (p *Proxy) record(r *http.Request, rw *recorder, start time.Time, bucket, key, op string) string {
	end := p.now()
	status := rw.status
	if status == 0 {
		status = http.StatusOK
	}
	h := rw.Header()
	fields := []string{
		ownerID,
		bucket,
		"[" + start.UTC().Format("02/Jan/2006:15:04:05 -0700") + "]",
		remoteIP(r),
		p.requester(r),
		orDash(h.Get("x-amz-request-id"), randomID),
		op,
		orDash(logKey(key), nil),
		`"` + r.Method + " " + r.RequestURI + " " + r.Proto + `"`,
		strconv.Itoa(status),
		orDash(errorCode(r, status, rw.errBody.String()), nil),
		count(rw.bytes),
		objectSize(r, status, h),
		strconv.FormatInt(end.Sub(start).Milliseconds(), 10),
		strconv.FormatInt(max(rw.first.Sub(start).Milliseconds(), 0), 10),
		`"` + orDash(r.Referer(), nil) + `"`,
		`"` + orDash(r.UserAgent(), nil) + `"`,
		"-",
		orDash(h.Get("x-amz-id-2"), nil),
		signatureVersion(r),
		"-", // cipher suite: plain HTTP
		authType(r),
		r.Host,
		"-", // TLS version
		"-", // access point ARN
		"-", // ACL required
		p.Region,
	}
	return strings.Join(fields, " ")
}

// operation names a request as the log does: REST.METHOD.RESOURCE.
func operation(r *http.Request, bucket, key string) string {
	q := r.URL.Query()
	method := r.Method
	if method == http.MethodPut && r.Header.Get("x-amz-copy-source") != "" {
		method = "COPY"
	}
	resource := "BUCKET"
	switch {
	case bucket == "":
		resource = "SERVICE"
	case key != "" && q.Has("uploadId") && r.Method == http.MethodPut:
		resource = "PART"
	case key != "" && (q.Has("uploadId") || q.Has("uploads")):
		resource = "UPLOAD"
	case key != "" && q.Has("tagging"):
		resource = "OBJECT_TAGGING"
	case q.Has("acl"):
		resource = "ACL"
	case key != "":
		resource = "OBJECT"
	case q.Has("logging"):
		resource = "LOGGING_STATUS"
	case q.Has("versioning"):
		resource = "VERSIONING"
	case q.Has("policy"):
		resource = "BUCKETPOLICY"
	case q.Has("location"):
		resource = "LOCATION"
	case q.Has("delete"):
		resource = "MULTI_OBJECT_DELETE"
	}
	return "REST." + method + "." + resource
}

// requester is the identity whose credentials signed the request, as an
// IAM user ARN; "-" when anonymous.
func (p *Proxy) requester(r *http.Request) string {
	if ak := accessKey(r); ak != "" {
		return "arn:aws:iam::" + p.Account + ":user/" + ak
	}
	return "-"
}

// accessKey is the access key id of the request's credential, from the
// Authorization header or a presigned URL's query.
func accessKey(r *http.Request) string {
	cred := r.URL.Query().Get("X-Amz-Credential")
	if auth := r.Header.Get("Authorization"); auth != "" {
		if _, after, ok := strings.Cut(auth, "Credential="); ok {
			cred = after
		}
	}
	ak, _, _ := strings.Cut(cred, "/")
	return ak
}

// signatureVersion is SigV4 for a signed request, "-" otherwise.
func signatureVersion(r *http.Request) string {
	if authType(r) == "-" {
		return "-"
	}
	return "SigV4"
}

// authType is QueryString for a presigned request, AuthHeader for one
// signed in its header, "-" for an anonymous one.
func authType(r *http.Request) string {
	switch {
	case r.URL.Query().Has("X-Amz-Signature") || r.URL.Query().Has("X-Amz-Credential"):
		return "QueryString"
	case r.Header.Get("Authorization") != "":
		return "AuthHeader"
	}
	return "-"
}

var codeRE = regexp.MustCompile(`<Code>([^<]+)</Code>`)

// errorCode is the S3 error code of the answer: from its XML error body,
// or for a HEAD (which has none) what S3 logs for its status.
func errorCode(r *http.Request, status int, body string) string {
	if status < 300 || status == http.StatusNotModified {
		return ""
	}
	if m := codeRE.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	switch status {
	case http.StatusNotFound:
		return "NoSuchKey"
	case http.StatusForbidden:
		return "AccessDenied"
	case http.StatusPreconditionFailed:
		return "PreconditionFailed"
	}
	return ""
}

// objectSize is the size of the object a GET or HEAD read: the length of
// a 200, the total of a 206's Content-Range; "-" otherwise.
func objectSize(r *http.Request, status int, h http.Header) string {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if r.Method == http.MethodPut && r.ContentLength >= 0 {
			return strconv.FormatInt(r.ContentLength, 10)
		}
		return "-"
	}
	switch status {
	case http.StatusOK:
		if n := h.Get("Content-Length"); n != "" {
			return n
		}
	case http.StatusPartialContent:
		if _, total, ok := strings.Cut(h.Get("Content-Range"), "/"); ok && total != "*" {
			return total
		}
	}
	return "-"
}

// logKey is the key field: URL-encoded, and for every operation but the
// lifecycle's and batch deletes encoded twice, as S3 writes it (Yelp,
// "S3 server access logs at scale", 2025).
func logKey(key string) string {
	if key == "" {
		return ""
	}
	return s3browse.EscapePath(s3browse.EscapePath(key))
}

// count is a byte count, "-" for zero.
func count(n int64) string {
	if n == 0 {
		return "-"
	}
	return strconv.FormatInt(n, 10)
}

// orDash is s, else make's value, else "-".
func orDash(s string, make func() string) string {
	if s == "" && make != nil {
		s = make()
	}
	if s == "" {
		return "-"
	}
	return s
}

// randomID is a request id in S3's shape: 16 uppercase hex digits.
func randomID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}
