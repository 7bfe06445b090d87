package accesslog

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// t0 is when the test links were signed.
var t0 = time.Date(2026, 12, 5, 14, 5, 0, 0, time.UTC)

// rec is a record as S3 would log it, for attribution tests.
type rec struct {
	id, op, bucket, key, target, auth, errCode, ua string
	status                                         int
	at                                             time.Time
}

// line formats r in the AWS format.
func (r rec) line() string {
	orDash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	method := "GET"
	if strings.Contains(r.op, "HEAD") {
		method = "HEAD"
	}
	uri := "-"
	if r.target != "" {
		uri = `"` + method + " " + r.target + ` HTTP/1.1"`
	}
	return fmt.Sprintf(`%s %s [%s] 198.51.100.4 - %s %s %s %s %d %s 10 10 1 1 "-" "%s" - - SigV4 - %s host - - -`,
		owner, r.bucket, r.at.Format("02/Jan/2006:15:04:05 -0700"), orDash(r.id), r.op, orDash(r.key), uri, r.status,
		orDash(r.errCode), orDash(r.ua), orDash(r.auth))
}

// presignedQuery is the query of a link signed at at by access.
func presignedQuery(access string, at time.Time) string {
	return "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + access + "%2F" + at.Format("20060102") +
		"%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=" + at.Format(amzDateLayout) + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=abc"
}

// parseRecs parses the records' lines.
func parseRecs(t *testing.T, rs ...rec) []Record {
	t.Helper()
	out := make([]Record, len(rs))
	for i, r := range rs {
		if err := Parse(r.line(), &out[i]); err != nil {
			t.Fatalf("record %d: %v\n%s", i, err, r.line())
		}
	}
	return out
}

func TestAttributeKinds(t *testing.T) {
	const key = "Proofs for Bo/a+b%.png"
	const path = "/photos/Proofs%20for%20Bo/a%2Bb%25.png"
	q := presignedQuery("AKIAEXAMPLE", t0)
	link := LinkRef{ID: "L", Bucket: "photos", Key: key, AmzDate: t0.Format(amzDateLayout), AccessKey: "AKIAEXAMPLE",
		SignedAt: t0, End: t0.Add(24 * time.Hour)}
	get := func(id string, status int, errCode string, at time.Time) rec {
		return rec{id: id, op: "REST.GET.OBJECT", bucket: "photos", key: "x", target: path + q, auth: "QueryString",
			status: status, errCode: errCode, at: at, ua: "ua-" + id}
	}
	in := t0.Add(time.Hour)
	cases := []struct {
		rec  rec
		want Kind // "" for no match
	}{
		{get("open", 200, "", in), KindOpen},
		{get("range", 206, "", in), KindOpen},
		{get("cached", 304, "", in), KindOpen},
		{rec{id: "head", op: "REST.HEAD.OBJECT", bucket: "photos", target: path + q, status: 200, at: in}, KindOpen},
		{rec{id: "virtual", op: "REST.GET.OBJECT", bucket: "photos", target: "/Proofs%20for%20Bo/a%2Bb%25.png" + q, status: 200, at: in}, KindOpen},
		{get("at-end", 403, "AccessDenied", link.End), KindAfterEnd},
		{get("week-later", 403, "AccessDenied", link.End.Add(7*24*time.Hour)), KindAfterEnd},
		{get("session-over", 400, "ExpiredToken", link.End.Add(time.Minute)), KindAfterEnd},
		{get("early", 403, "AccessDenied", t0.Add(-time.Second)), KindBeforeStart},
		{get("denied", 403, "AccessDenied", in), KindDenied},
		{get("tampered", 403, "SignatureDoesNotMatch", in), KindTampered},
		{get("gone", 404, "NoSuchKey", in), KindGone},
		{get("error", 500, "InternalError", in), KindOther},
		{get("check", 206, "", in), KindCheck},
		{rec{id: "owner", op: "REST.GET.OBJECT", bucket: "photos", target: path, auth: "AuthHeader", status: 200, at: in}, ""},
		{rec{id: "other-key-id", op: "REST.GET.OBJECT", bucket: "photos", target: path + presignedQuery("AKIAOTHER", t0), status: 200, at: in}, ""},
		{rec{id: "other-second", op: "REST.GET.OBJECT", bucket: "photos", target: path + presignedQuery("AKIAEXAMPLE", t0.Add(time.Second)), status: 200, at: in}, ""},
		{rec{id: "other-bucket", op: "REST.GET.OBJECT", bucket: "videos", target: "/videos/Proofs%20for%20Bo/a%2Bb%25.png" + q, status: 200, at: in}, ""},
		{rec{id: "other-key", op: "REST.GET.OBJECT", bucket: "photos", target: "/photos/b.png" + q, status: 200, at: in}, ""},
		{rec{id: "acl", op: "REST.GET.ACL", bucket: "photos", target: path + "?acl&" + q[1:], status: 200, at: in}, ""},
	}
	a := NewAttributor([]LinkRef{link}, Options{CheckUserAgent: "ua-check"})
	for _, c := range cases {
		t.Run(c.rec.id, func(t *testing.T) {
			r := parseRecs(t, c.rec)[0]
			h, ok := a.Match(&r)
			if c.want == "" {
				if ok || a.Relevant(&r) {
					t.Fatalf("matched %+v, want no match", h)
				}
				return
			}
			if !ok || h.Kind != c.want || h.Link != "L" || h.RequestID != c.rec.id || !h.Time.Equal(c.rec.at) {
				t.Fatalf("Match = %+v, %v; want kind %s of L", h, ok, c.want)
			}
		})
	}
}

func TestAttributeCountsEachRequestOnce(t *testing.T) {
	q := presignedQuery("AK", t0)
	link := LinkRef{ID: "L", Bucket: "photos", Key: "a.png", AmzDate: t0.Format(amzDateLayout), AccessKey: "AK", SignedAt: t0, End: t0.Add(time.Hour)}
	r1 := rec{id: "R1", op: "REST.GET.OBJECT", bucket: "photos", target: "/photos/a.png" + q, status: 200, at: t0.Add(time.Minute), ua: "first"}
	r2 := rec{id: "R2", op: "REST.GET.OBJECT", bucket: "photos", target: "/photos/a.png" + q, status: 200, at: t0.Add(2 * time.Minute), ua: "second"}
	noID := rec{op: "REST.GET.OBJECT", bucket: "photos", target: "/photos/a.png" + q, status: 200, at: t0.Add(3 * time.Minute), ua: "no id"}
	late := rec{id: "R3", op: "REST.GET.OBJECT", bucket: "photos", target: "/photos/a.png" + q, status: 403, errCode: "AccessDenied", at: t0.Add(2 * time.Hour)}
	a := NewAttributor([]LinkRef{link}, Options{})
	hits := a.Attribute(parseRecs(t, r2, r1, noID, r1, late, noID, r2))
	if len(hits) != 4 || hits[0].RequestID != "R1" || hits[1].RequestID != "R2" || !strings.HasPrefix(hits[2].RequestID, "noid-") {
		t.Fatalf("hits %+v", hits)
	}
	// Hits stored by earlier runs and found again are counted once.
	sum := Summarize(append(hits, hits[:2]...))["L"]
	want := Opens{Opens: 3, FirstOpen: r1.at, LastOpen: noID.at, IPs: 1, LastUserAgent: "no id", AfterEnd: 1, LastAfterEnd: late.at}
	if sum != want {
		t.Errorf("Summarize:\n got %+v\nwant %+v", sum, want)
	}
}

func TestAttributeRevocableCopies(t *testing.T) {
	const copyKey = "s3share-shares/x1/a.png"
	t1 := t0.Add(2 * time.Hour) // renewed: the same copy, signed again
	first := LinkRef{ID: "first", Bucket: "photos", Key: "a.png", CopyKey: copyKey, AmzDate: t0.Format(amzDateLayout), AccessKey: "AK",
		SignedAt: t0, End: t0.Add(time.Hour)}
	renewed := first
	renewed.ID, renewed.AmzDate, renewed.SignedAt, renewed.End = "renewed", t1.Format(amzDateLayout), t1, t1.Add(time.Hour)
	other := LinkRef{ID: "plain", Bucket: "photos", Key: "a.png", AmzDate: t0.Format(amzDateLayout), AccessKey: "AK", SignedAt: t0, End: t0.Add(time.Hour)}
	spaced := LinkRef{ID: "spaced", Bucket: "photos", Key: "b.png", CopyKey: "s3share-shares/x 2/b+c.png", AmzDate: t0.Format(amzDateLayout),
		AccessKey: "AK", SignedAt: t0, End: t0.Add(time.Hour)}
	a := NewAttributor([]LinkRef{first, renewed, other, spaced}, Options{})
	cases := []struct {
		name string
		rec  rec
		want string
		kind Kind
	}{
		{"signed first", rec{op: "REST.GET.OBJECT", target: "/photos/" + copyKey + presignedQuery("AK", t0), status: 200, at: t0.Add(time.Minute)}, "first", KindOpen},
		{"signed again", rec{op: "REST.GET.OBJECT", target: "/photos/" + copyKey + presignedQuery("AK", t1), status: 200, at: t1.Add(time.Minute)}, "renewed", KindOpen},
		{"cut short, early", rec{op: "REST.GET.OBJECT", target: "/photos/" + copyKey, status: 403, errCode: "AccessDenied", at: t0.Add(time.Minute)}, "first", KindDenied},
		{"cut short, late", rec{op: "REST.GET.OBJECT", target: "/photos/" + copyKey, status: 403, errCode: "AccessDenied", at: t1.Add(2 * time.Hour)}, "renewed", KindAfterEnd},
		{"date changed", rec{op: "REST.GET.OBJECT", target: "/photos/" + copyKey + presignedQuery("AK", t0.Add(time.Second)), status: 403,
			errCode: "SignatureDoesNotMatch", at: t0.Add(time.Minute)}, "first", KindTampered},
		{"deleted", rec{op: "REST.GET.OBJECT", target: "/photos/" + copyKey + presignedQuery("AK", t1), status: 404, errCode: "NoSuchKey", at: t1.Add(time.Minute)}, "renewed", KindGone},
		{"no request line, key field twice encoded", rec{op: "REST.GET.OBJECT", key: "s3share-shares/x1/a.png", status: 200, at: t0.Add(time.Minute)}, "first", KindOpen},
		{"no request line, a key with a space and a plus", rec{op: "REST.GET.OBJECT", key: "s3share-shares/x%25202/b%252Bc.png", status: 200, at: t0.Add(time.Minute)}, "spaced", KindOpen},
		{"the original, same second", rec{op: "REST.GET.OBJECT", target: "/photos/a.png" + presignedQuery("AK", t0), status: 200, at: t0.Add(time.Minute)}, "plain", KindOpen},
		{"the owner reading the copy", rec{op: "REST.HEAD.OBJECT", target: "/photos/" + copyKey, auth: "AuthHeader", status: 200, at: t0.Add(time.Minute)}, "", ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.rec.id, c.rec.bucket = fmt.Sprint("R", i), "photos"
			r := parseRecs(t, c.rec)[0]
			h, ok := a.Match(&r)
			if c.want == "" {
				if ok {
					t.Fatalf("matched %+v", h)
				}
				return
			}
			if !ok || h.Link != c.want || h.Kind != c.kind {
				t.Fatalf("Match = %+v, %v; want %s %s", h, ok, c.want, c.kind)
			}
		})
	}
}

func TestRefFromURL(t *testing.T) {
	u := "https://photos.s3.eu-west-1.amazonaws.com/a%20b.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261205%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20261205T140500Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
	l, err := RefFromURL("7", "photos", "a b.png", "", u, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := LinkRef{ID: "7", Bucket: "photos", Key: "a b.png", AmzDate: "20261205T140500Z", AccessKey: "AKIAEXAMPLE",
		SignedAt: t0, End: t0.Add(time.Hour)}
	if l != want {
		t.Errorf("RefFromURL:\n got %+v\nwant %+v", l, want)
	}
	end := t0.Add(10 * time.Minute)
	if l, _ := RefFromURL("7", "photos", "a b.png", "", u, end); !l.End.Equal(end) {
		t.Errorf("end %v, want the given %v", l.End, end)
	}
	for _, bad := range []string{"https://photos.s3.amazonaws.com/a.png", "://", "https://x/a?X-Amz-Date=nope&X-Amz-Credential=AK%2F"} {
		if _, err := RefFromURL("7", "photos", "a.png", "", bad, time.Time{}); err == nil {
			t.Errorf("RefFromURL(%q) gave no error", bad)
		}
	}
}
