package s3browse_test

import (
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// memLister answers ListObjectsV2 from sorted keys held in memory, with
// S3's rules for prefix, delimiter, start-after, continuation-token,
// max-keys and encoding-type, for a benchmark that needs a server whose
// own CPU cost is next to nothing (versitygw spends about 24 us of CPU per
// key listed, on the same two cores as the client). Like the replay server
// of BenchmarkList it checks no signature: it measures, it proves nothing
// about links. HEAD on a bucket names its region; anything else is 403.
type memLister struct {
	buckets map[string][]string // sorted keys per bucket
	entries map[string]string   // the <Contents> element of each key, URL-encoded, made once
}

// startMemLister serves buckets on a local port until the benchmark ends.
func startMemLister(b *testing.B, buckets map[string][]string) string {
	m := &memLister{buckets: buckets, entries: map[string]string{}}
	for _, keys := range buckets {
		sort.Strings(keys)
		for _, k := range keys {
			m.entries[k] = contents(url.QueryEscape(k))
		}
	}
	ts := httptest.NewServer(m)
	b.Cleanup(ts.Close)
	return ts.URL
}

// contents is the <Contents> element of a key as written in the answer.
func contents(key string) string {
	return fmt.Sprintf(`<Contents><Key>%s</Key><LastModified>2026-11-27T10:00:00.000Z</LastModified><ETag>"d41d8cd98f00b204e9800998ecf8427e"</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>`, escape(key))
}

// ServeHTTP answers HeadBucket and ListObjectsV2 (path style).
func (m *memLister) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	keys, ok := m.buckets[strings.Trim(r.URL.Path, "/")]
	switch {
	case !ok:
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `<Error><Code>AccessDenied</Code><Message>memLister</Message></Error>`)
	case r.Method == http.MethodHead:
		w.Header().Set("X-Amz-Bucket-Region", "us-east-1")
	case r.URL.Query().Get("list-type") == "2":
		m.list(w, r.URL.Query(), keys)
	default:
		w.WriteHeader(http.StatusBadRequest)
	}
}

// list writes one page of keys.
func (m *memLister) list(w http.ResponseWriter, q url.Values, keys []string) {
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	maxKeys := 1000
	if v, err := strconv.Atoi(q.Get("max-keys")); err == nil && v > 0 && v < 1000 {
		maxKeys = v
	}
	after := q.Get("start-after")
	if tok, err := base64.URLEncoding.DecodeString(q.Get("continuation-token")); err == nil && len(tok) > 0 {
		after = string(tok)
	}
	enc := func(s string) string { return s }
	if q.Get("encoding-type") == "url" {
		enc = url.QueryEscape
	}
	var body strings.Builder
	n, last := 0, ""
	i := max(sort.SearchStrings(keys, prefix), firstAfter(keys, after, delim))
	for i < len(keys) && strings.HasPrefix(keys[i], prefix) && n < maxKeys {
		k := keys[i]
		if j := strings.Index(k[len(prefix):], delim); delim != "" && j >= 0 {
			cp := k[:len(prefix)+j+len(delim)]
			fmt.Fprintf(&body, "<CommonPrefixes><Prefix>%s</Prefix></CommonPrefixes>", escape(enc(cp)))
			i, last = sort.SearchStrings(keys, beyond(cp)), cp
		} else {
			if q.Get("encoding-type") == "url" {
				body.WriteString(m.entries[k])
			} else {
				body.WriteString(contents(k))
			}
			i, last = i+1, k
		}
		n++
	}
	truncated := i < len(keys) && strings.HasPrefix(keys[i], prefix)
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><KeyCount>%d</KeyCount><IsTruncated>%t</IsTruncated>`, n, truncated)
	if truncated {
		fmt.Fprintf(w, "<NextContinuationToken>%s</NextContinuationToken>", base64.URLEncoding.EncodeToString([]byte(last)))
	}
	if q.Get("encoding-type") == "url" {
		_, _ = io.WriteString(w, "<EncodingType>url</EncodingType>")
	}
	_, _ = io.WriteString(w, body.String()+"</ListBucketResult>")
}

// firstAfter is the index of the first key after `after`, past the whole
// group when after is a common prefix (it ends in the delimiter).
func firstAfter(keys []string, after, delim string) int {
	if after == "" {
		return 0
	}
	if delim != "" && strings.HasSuffix(after, delim) {
		return sort.SearchStrings(keys, beyond(after))
	}
	i := sort.SearchStrings(keys, after)
	if i < len(keys) && keys[i] == after {
		i++
	}
	return i
}

// beyond is the smallest string above every string that starts with p.
func beyond(p string) string {
	b := []byte(p)
	for len(b) > 0 && b[len(b)-1] == 0xff {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return "\xff"
	}
	b[len(b)-1]++
	return string(b)
}

// escape makes s safe as XML text.
func escape(s string) string {
	var sb strings.Builder
	_ = xml.EscapeText(&sb, []byte(s))
	return sb.String()
}
