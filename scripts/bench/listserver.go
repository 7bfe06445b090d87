package main

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The listing benchmark's server (listing.go) runs in a process of its
// own, so its memory and CPU are not the measured s3share's. It answers
// ListObjectsV2 (prefix, delimiter, start-after, continuation-token,
// max-keys, encoding-type), HeadBucket, ListBuckets and, with 404, object
// reads, from keys it makes in memory: bucket photos-N holds N uploads
// under uploadPrefix. Like the memory lister of s3browse's benchmarks it
// checks no signature: it measures, it proves nothing about links.

// uploadPrefix is the one folder that holds every upload.
const uploadPrefix = "uploads/2026/11/"

// uploadKey is upload i's key as image buckets name them: 22 to 38 hex
// digits and an image extension under uploadPrefix, 42 to 59 bytes.
func uploadKey(i int) string {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(i))
	sum := sha256.Sum256(n[:])
	return uploadPrefix + hex.EncodeToString(sum[:])[:22+i%17] + []string{".jpg", ".jpeg", ".png", ".webp", ".heic"}[i%5]
}

// uploadKeys are the keys of n uploads, sorted as S3 lists them.
func uploadKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = uploadKey(i)
	}
	slices.Sort(keys)
	return keys
}

// listBucket is the bucket that holds n uploads.
func listBucket(n int) string { return "photos-" + strconv.Itoa(n) }

// listServer is the child process: sorted keys per bucket.
type listServer struct {
	buckets map[string][]string
}

// serveListing runs the server for buckets of each size in sizes (the
// child's whole life): it prints its URL on stdout and serves until stdin
// closes (the benchmark has ended, or died).
func serveListing(sizes string) error {
	s := &listServer{buckets: map[string][]string{}}
	list, err := parseSizes(sizes)
	if err != nil {
		return fmt.Errorf("-serve-listing: %w", err)
	}
	for _, n := range list {
		s.buckets[listBucket(n)] = uploadKeys(n)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("http://%s\n", l.Addr())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	return http.Serve(l, s)
}

// startListServer starts the server process for sizes and returns its URL
// and a function that stops it.
func startListServer(sizes []int) (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	var list []string
	for _, n := range sizes {
		list = append(list, strconv.Itoa(n))
	}
	cmd := exec.Command(self, "-serve-listing", strings.Join(list, ","))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { stdin.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() }
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("the listing server did not start: %w", err)
	}
	return strings.TrimSpace(line), stop, nil
}

// ServeHTTP answers the few requests s3share makes of a bucket (path
// style).
func (s *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	keys, ok := s.buckets[bucket]
	switch {
	case bucket == "" && r.Method == http.MethodGet:
		s.listBuckets(w)
	case !ok:
		s3Error(w, http.StatusNotFound, "NoSuchBucket")
	case key != "":
		s3Error(w, http.StatusNotFound, "NoSuchKey")
	case r.Method == http.MethodHead:
		w.Header().Set("X-Amz-Bucket-Region", region)
	case r.URL.Query().Get("list-type") == "2":
		writeXML(w, listPage(bucket, keys, r.URL.Query()))
	default:
		s3Error(w, http.StatusBadRequest, "InvalidRequest")
	}
}

// s3Error writes an S3 error answer.
func s3Error(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, code)
}

// writeXML sends body whole, with its length.
func writeXML(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("X-Amz-Bucket-Region", region)
	_, _ = w.Write(body)
}

// listBuckets answers ListBuckets.
func (s *listServer) listBuckets(w http.ResponseWriter) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>bench</ID></Owner><Buckets>`)
	names := make([]string, 0, len(s.buckets))
	for name := range s.buckets {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(&b, `<Bucket><Name>%s</Name><CreationDate>2026-11-01T00:00:00.000Z</CreationDate><BucketRegion>%s</BucketRegion></Bucket>`, name, region)
	}
	b.WriteString(`</Buckets></ListAllMyBucketsResult>`)
	writeXML(w, b.Bytes())
}

// listPage is one ListObjectsV2 answer from sorted keys, with S3's rules.
// Its continuation token is the index of the next key.
func listPage(bucket string, keys []string, q url.Values) []byte {
	prefix, delim, after, token := q.Get("prefix"), q.Get("delimiter"), q.Get("start-after"), q.Get("continuation-token")
	maxKeys := 1000
	if v, err := strconv.Atoi(q.Get("max-keys")); err == nil && v >= 0 && v < 1000 {
		maxKeys = v
	}
	enc := func(s string) string { return s }
	if q.Get("encoding-type") == "url" {
		enc = url.QueryEscape
	}
	i := sort.SearchStrings(keys, prefix)
	if after != "" {
		i = max(i, sort.Search(len(keys), func(j int) bool { return keys[j] > after }))
	}
	if n, err := strconv.Atoi(token); err == nil && token != "" {
		i = n
	}
	var contents, prefixes bytes.Buffer
	count := 0
	for ; i < len(keys) && strings.HasPrefix(keys[i], prefix) && count < maxKeys; count++ {
		k := keys[i]
		if j := strings.Index(k[len(prefix):], delim); delim != "" && j >= 0 {
			cp := k[:len(prefix)+j+len(delim)]
			fmt.Fprintf(&prefixes, "<CommonPrefixes><Prefix>%s</Prefix></CommonPrefixes>", escape(enc(cp)))
			past := cp[:len(cp)-1] + string(cp[len(cp)-1]+1) // above every key in cp
			i = sort.SearchStrings(keys, past)
			continue
		}
		fmt.Fprintf(&contents, `<Contents><Key>%s</Key><LastModified>%s</LastModified><ETag>&quot;%x&quot;</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>`,
			escape(enc(k)), time.Date(2026, 11, 1+i%27, 10, i%60, 0, 0, time.UTC).Format("2006-01-02T15:04:05.000Z"), md5.Sum([]byte(k)), int64(i)*7919%(8<<20))
		i++
	}
	truncated := i < len(keys) && strings.HasPrefix(keys[i], prefix)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>%s</Name><Prefix>%s</Prefix><KeyCount>%d</KeyCount><MaxKeys>%d</MaxKeys>`,
		bucket, escape(enc(prefix)), count, maxKeys)
	if delim != "" {
		fmt.Fprintf(&b, "<Delimiter>%s</Delimiter>", escape(enc(delim)))
	}
	fmt.Fprintf(&b, "<IsTruncated>%v</IsTruncated>", truncated)
	b.Write(contents.Bytes())
	b.Write(prefixes.Bytes())
	if truncated {
		fmt.Fprintf(&b, "<NextContinuationToken>%d</NextContinuationToken>", i)
	}
	if token != "" {
		fmt.Fprintf(&b, "<ContinuationToken>%s</ContinuationToken>", escape(token))
	}
	if after != "" {
		fmt.Fprintf(&b, "<StartAfter>%s</StartAfter>", escape(enc(after)))
	}
	if q.Get("encoding-type") == "url" {
		b.WriteString("<EncodingType>url</EncodingType>")
	}
	b.WriteString("</ListBucketResult>")
	return b.Bytes()
}

// escape is s as XML text.
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
