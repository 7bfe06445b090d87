package accesslog

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The documented sample records (AWS S3 user guide, "Amazon S3 server
// access log format"), as AWS prints them, through the newest fields.
const (
	owner   = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
	sample1 = owner + ` awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ` + owner + ` 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /awsexamplebucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV2 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.1`
	sample3 = owner + ` awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ` + owner + ` A1206F460EXAMPLE REST.GET.BUCKETPOLICY - "GET /awsexamplebucket1?policy HTTP/1.1" 404 NoSuchBucketPolicy 297 - 38 - "-" "S3Console/0.4" - BNaBsXZQQDbssi6xMBdBU2sLt+Yf5kZDmeBUP35sFoKa3sLLeMC78iwEIWxs99CRUrbS4n11234= SigV2 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.1`
	sample5 = owner + ` awsexamplebucket1 [06/Feb/2019:00:01:57 +0000] 192.0.2.3 ` + owner + ` DD6CC733AEXAMPLE REST.PUT.OBJECT s3-dg.pdf "PUT /awsexamplebucket1/s3-dg.pdf HTTP/1.1" 200 - - 4406583 41754 28 "-" "S3Console/0.4" - 10S62Zv81kBW7BB6SX4XJ48o6kpcl6LPwEoizZQQxJd5qDSCTLX0TgS37kYUBKQW3+bPdrg1234= SigV4 ECDHE-RSA-AES128-SHA AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.1`
	// The newer sample: access point ARN, ACL required, and a field this
	// parser does not know (the source region) at the end.
	sampleNew = owner + ` amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ` + owner + ` 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes us-east-1`
	// The oldest shape: nothing after the version id.
	sampleOld = owner + ` mybucket [06/Feb/2014:00:00:38 +0000] 192.0.2.3 ` + owner + ` 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /mybucket?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" -`
)

// presignedLine is a record of a presigned GET as S3 writes it, with the
// user agent and key given.
func presignedLine(key, uri, ua string) string {
	return owner + ` photos [05/Dec/2026:14:05:09 +0000] 203.0.113.7 arn:aws:iam::123456789012:user/alice 9F1A2B3C4D5E6F70 REST.GET.OBJECT ` +
		key + ` "GET ` + uri + ` HTTP/1.1" 200 - 5120 5120 12 11 "-" "` + ua + `" - aGVsbG8= SigV4 TLS_AES_128_GCM_SHA256 QueryString photos.s3.eu-west-1.amazonaws.com TLSv1.3 - -`
}

const presignedURI = "/photos/Proofs%20for%20Bo/a%2Bb%25.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261205%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20261205T140500Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=0123abcd"

func TestParseSamples(t *testing.T) {
	at := time.Date(2019, 2, 6, 0, 0, 38, 0, time.UTC)
	cases := []struct {
		name string
		line string
		want Record
	}{
		{"sample 1", sample1, Record{BucketOwner: owner, Bucket: "awsexamplebucket1", Time: at, RemoteIP: "192.0.2.3",
			Requester: owner, RequestID: "3E57427F3EXAMPLE", Operation: "REST.GET.VERSIONING",
			RequestURI: "GET /awsexamplebucket1?versioning HTTP/1.1", Status: 200, BytesSent: 113, ObjectSize: -1,
			TotalTime: 7, TurnAround: -1, UserAgent: "S3Console/0.4",
			HostID:           "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=",
			SignatureVersion: "SigV2", CipherSuite: "ECDHE-RSA-AES128-GCM-SHA256", AuthType: "AuthHeader",
			HostHeader: "awsexamplebucket1.s3.us-west-1.amazonaws.com", TLSVersion: "TLSV1.1"}},
		{"sample 3: an error", sample3, Record{BucketOwner: owner, Bucket: "awsexamplebucket1", Time: at, RemoteIP: "192.0.2.3",
			Requester: owner, RequestID: "A1206F460EXAMPLE", Operation: "REST.GET.BUCKETPOLICY",
			RequestURI: "GET /awsexamplebucket1?policy HTTP/1.1", Status: 404, ErrorCode: "NoSuchBucketPolicy",
			BytesSent: 297, ObjectSize: -1, TotalTime: 38, TurnAround: -1, UserAgent: "S3Console/0.4",
			HostID:           "BNaBsXZQQDbssi6xMBdBU2sLt+Yf5kZDmeBUP35sFoKa3sLLeMC78iwEIWxs99CRUrbS4n11234=",
			SignatureVersion: "SigV2", CipherSuite: "ECDHE-RSA-AES128-GCM-SHA256", AuthType: "AuthHeader",
			HostHeader: "awsexamplebucket1.s3.us-west-1.amazonaws.com", TLSVersion: "TLSV1.1"}},
		{"sample 5: a PUT with a key", sample5, Record{BucketOwner: owner, Bucket: "awsexamplebucket1",
			Time: time.Date(2019, 2, 6, 0, 1, 57, 0, time.UTC), RemoteIP: "192.0.2.3", Requester: owner,
			RequestID: "DD6CC733AEXAMPLE", Operation: "REST.PUT.OBJECT", Key: "s3-dg.pdf",
			RequestURI: "PUT /awsexamplebucket1/s3-dg.pdf HTTP/1.1", Status: 200, BytesSent: 0, ObjectSize: 4406583,
			TotalTime: 41754, TurnAround: 28, UserAgent: "S3Console/0.4",
			HostID:           "10S62Zv81kBW7BB6SX4XJ48o6kpcl6LPwEoizZQQxJd5qDSCTLX0TgS37kYUBKQW3+bPdrg1234=",
			SignatureVersion: "SigV4", CipherSuite: "ECDHE-RSA-AES128-SHA", AuthType: "AuthHeader",
			HostHeader: "awsexamplebucket1.s3.us-west-1.amazonaws.com", TLSVersion: "TLSV1.1"}},
		{"newest fields, one unknown at the end", sampleNew, Record{BucketOwner: owner, Bucket: "amzn-s3-demo-bucket1", Time: at,
			RemoteIP: "192.0.2.3", Requester: owner, RequestID: "3E57427F3EXAMPLE", Operation: "REST.GET.VERSIONING",
			RequestURI: "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1", Status: 200, BytesSent: 113, ObjectSize: -1,
			TotalTime: 7, TurnAround: -1, UserAgent: "S3Console/0.4",
			HostID:           "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=",
			SignatureVersion: "SigV4", CipherSuite: "ECDHE-RSA-AES128-GCM-SHA256", AuthType: "AuthHeader",
			HostHeader: "amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com", TLSVersion: "TLSV1.2",
			AccessPointARN: "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP", ACLRequired: "Yes"}},
		{"oldest shape", sampleOld, Record{BucketOwner: owner, Bucket: "mybucket", Time: time.Date(2014, 2, 6, 0, 0, 38, 0, time.UTC),
			RemoteIP: "192.0.2.3", Requester: owner, RequestID: "3E57427F3EXAMPLE", Operation: "REST.GET.VERSIONING",
			RequestURI: "GET /mybucket?versioning HTTP/1.1", Status: 200, BytesSent: 113, ObjectSize: -1, TotalTime: 7,
			TurnAround: -1, UserAgent: "S3Console/0.4"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got Record
			if err := Parse(c.line, &got); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got != c.want {
				t.Errorf("Parse:\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	cases := []struct {
		name  string
		line  string
		check func(t *testing.T, r *Record)
	}{
		{"presigned GET: the query and its parts", presignedLine("Proofs%2520for%2520Bo/a%252Bb%2525.png", presignedURI, "curl/8.5.0"),
			func(t *testing.T, r *Record) {
				eq(t, "method", r.Method(), "GET")
				eq(t, "path", r.RawPath(), "/photos/Proofs%20for%20Bo/a%2Bb%25.png")
				eq(t, "key", r.Key, "Proofs%2520for%2520Bo/a%252Bb%2525.png")
				v, _ := r.QueryValue("X-Amz-Date")
				eq(t, "X-Amz-Date", v, "20261205T140500Z")
				if !r.Presigned() {
					t.Error("not presigned")
				}
				eq(t, "auth", r.AuthType, "QueryString")
			}},
		{"user agent with spaces and quotes", presignedLine("a.png", "/photos/a.png", `Mozilla/5.0 (X11; Linux x86_64) "quoted" and \"escaped\" end`),
			func(t *testing.T, r *Record) {
				eq(t, "user agent", r.UserAgent, `Mozilla/5.0 (X11; Linux x86_64) "quoted" and \"escaped\" end`)
				eq(t, "auth", r.AuthType, "QueryString")
				eq(t, "TLS", r.TLSVersion, "TLSv1.3")
			}},
		{"user agent ending in a quote", presignedLine("a.png", "/photos/a.png", `ends with a quote "`),
			func(t *testing.T, r *Record) { eq(t, "user agent", r.UserAgent, `ends with a quote "`) }},
		{"user agent of only a dash is empty", presignedLine("a.png", "/photos/a.png", `-`),
			func(t *testing.T, r *Record) { eq(t, "user agent", r.UserAgent, "") }},
		{"quote and status inside the request target", presignedLine("a.png", `/photos/a.png?x=" 200 -`, "ua"),
			func(t *testing.T, r *Record) {
				eq(t, "target", r.Target(), `/photos/a.png?x=" 200 -`)
				if r.Status != 200 || r.BytesSent != 5120 {
					t.Errorf("status %d, bytes %d", r.Status, r.BytesSent)
				}
			}},
		{"unquoted dashes for the URI, referrer and user agent",
			owner + ` photos [05/Dec/2026:14:05:09 +0000] 203.0.113.7 - 9F1A REST.COPY.OBJECT_GET a.png - 200 - - 5 - - - - -`,
			func(t *testing.T, r *Record) {
				eq(t, "uri", r.RequestURI, "")
				eq(t, "requester", r.Requester, "")
				eq(t, "user agent", r.UserAgent, "")
				if r.ObjectSize != 5 || r.BytesSent != 0 || r.TotalTime != -1 {
					t.Errorf("numbers %d %d %d", r.ObjectSize, r.BytesSent, r.TotalTime)
				}
			}},
		{"a time zone other than UTC", strings.Replace(sample1, "[06/Feb/2019:00:00:38 +0000]", "[06/Feb/2019:02:30:38 +0230]", 1),
			func(t *testing.T, r *Record) {
				if want := time.Date(2019, 2, 6, 0, 0, 38, 0, time.UTC); !r.Time.Equal(want) {
					t.Errorf("time %v, want %v", r.Time, want)
				}
			}},
		{"CRLF line end", sample1 + "\r\n", func(t *testing.T, r *Record) { eq(t, "tls", r.TLSVersion, "TLSV1.1") }},
		{"escape sequences stay raw", presignedLine("a.png", "/photos/a.png", "evil\x1b[2J\x1b]52;c;aGk=\x07 \u202egnp.exe"),
			func(t *testing.T, r *Record) {
				eq(t, "raw", r.UserAgent, "evil\x1b[2J\x1b]52;c;aGk=\x07 \u202egnp.exe")
				eq(t, "escaped", r.Escaped().UserAgent, `evil\x1b[2J\x1b]52;c;aGk=\x07 \u202egnp.exe`)
			}},
		{"invalid UTF-8 stays raw", presignedLine("a\xff.png", "/photos/a\xff.png", "bad \xc3\x28 utf8"),
			func(t *testing.T, r *Record) {
				eq(t, "raw", r.UserAgent, "bad \xc3\x28 utf8")
				eq(t, "escaped", r.Escaped().UserAgent, `bad \xc3( utf8`)
				eq(t, "escaped key", r.Escaped().Key, `a\xff.png`)
			}},
		{"a user agent of almost a megabyte", presignedLine("a.png", "/photos/a.png", strings.Repeat("A", MaxLineBytes-600)),
			func(t *testing.T, r *Record) {
				if len(r.UserAgent) != MaxLineBytes-600 {
					t.Errorf("user agent of %d bytes", len(r.UserAgent))
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r Record
			if err := Parse(c.line, &r); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			c.check(t, &r)
		})
	}
}

func TestParseBadLines(t *testing.T) {
	good := presignedLine("a.png", "/photos/a.png", "ua")
	cases := map[string]string{
		"empty":                    "",
		"one word":                 "hello",
		"cut after the time":       owner + ` photos [05/Dec/2026:14:05:09 +0000]`,
		"cut inside the URI":       owner + ` photos [05/Dec/2026:14:05:09 +0000] 1.2.3.4 - ID REST.GET.OBJECT a.png "GET /photos/a.png HTTP/1.1`,
		"cut before the agent":     strings.SplitAfter(good, `"-" `)[0],
		"bad month":                strings.Replace(good, "Dec", "December", 1),
		"31 February":              strings.Replace(good, "05/Dec", "31/Feb", 1),
		"hour 24":                  strings.Replace(good, "14:05:09", "24:05:09", 1),
		"no brackets":              strings.Replace(good, "[05/Dec/2026:14:05:09 +0000]", "05/Dec/2026:14:05:09", 1),
		"status not a number":      strings.Replace(good, `HTTP/1.1" 200`, `HTTP/1.1" OK!`, 1),
		"bytes not a number":       strings.Replace(good, "5120 5120", "5k 5120", 1),
		"unterminated user agent":  strings.Replace(good, `"ua"`, `"ua`, 1),
		"no bucket":                strings.Replace(good, " photos ", " - ", 1),
		"versitygw's own variant":  `- photos [05/December/2026:14:05:09 +0000] 127.0.0.1 AK 17E5 s3_GetObject a.png /photos/a.png 200 - 5 5 1 1 - curl/8 x -`,
		"longer than MaxLineBytes": presignedLine("a.png", "/photos/a.png", strings.Repeat("A", MaxLineBytes)),
		"binary":                   "\x00\x01\x02\x03 \x04 [\x05]",
	}
	for name, line := range cases {
		t.Run(name, func(t *testing.T) {
			var r Record
			err := Parse(line, &r)
			var le *LineError
			if !errors.Is(err, ErrBadLine) || !errors.As(err, &le) {
				t.Fatalf("Parse = %v, want a *LineError matching ErrBadLine", err)
			}
			if strings.Contains(err.Error(), "photos") || strings.Contains(err.Error(), "\x00") {
				t.Errorf("the error %q quotes the line", err)
			}
		})
	}
}

func TestParseAllocatesNothing(t *testing.T) {
	line := presignedLine("Proofs%2520for%2520Bo/a.png", presignedURI, "Mozilla/5.0 (X11; Linux x86_64)")
	bad := strings.Replace(line, "Dec", "Dex", 1)
	var r Record
	allocs := testing.AllocsPerRun(100, func() {
		_ = Parse(line, &r)
		_ = Parse(bad, &r)
		_, _ = r.QueryValue("X-Amz-Credential")
	})
	if allocs != 0 {
		t.Errorf("Parse allocates %.1f times per good and bad line, want 0", allocs)
	}
}

// eq fails the test when got is not want.
func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
