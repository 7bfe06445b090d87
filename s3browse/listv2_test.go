package s3browse_test

import (
	"slices"
	"testing"
)

// Listings ask for URL-encoded keys and decode them only when the server
// says it encoded them: gofakes3 encodes (as S3 does), versitygw ignores
// the parameter and sends raw keys, which must not be decoded a second time.
func TestListingKeysComeBackExactly(t *testing.T) {
	odd := []string{"enc/100%41 a+b.png", "enc/plus+sign.png", "enc/sp ace.png", "enc/%2F.png", "enc/café 📷.png"}
	for name, srv := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv.CreateBucket(t, "enc")
			want := slices.Clone(odd)
			if name == "gofakes3" { // versitygw's XML writer turns it into U+FFFD
				want = append(want, "enc/ctl\x01.png")
			}
			for _, k := range want {
				srv.Put(t, "enc", k, []byte("x"))
			}
			got := keys(listAll(t, srv.Browser(t), "enc", "enc/"))
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("listed %q, want %q", got, want)
			}
		})
	}
}
