package share

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestKeyWarnings(t *testing.T) {
	tests := []struct {
		key  string
		want []string
	}{
		{"a/b.png", nil},
		{"a..b/.hidden/x..png", nil},
		{"./a.png", []string{`"./"`}},
		{"a/./b.png", []string{`"./"`}},
		{"a/.", []string{`"./"`}},
		{"../a.png", []string{`"../"`}},
		{"a/../b.png", []string{`"../"`}},
		{"./a/../b", []string{`"./"`, `"../"`}},
		{"a//b", nil},
	}
	for _, tt := range tests {
		got := KeyWarnings(tt.key)
		if len(got) != len(tt.want) {
			t.Errorf("KeyWarnings(%q) = %q, want %d warnings", tt.key, got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(got[i], w+" segment") || !strings.Contains(got[i], "--path-as-is") {
				t.Errorf("KeyWarnings(%q)[%d] = %q, want mention of %s", tt.key, i, got[i], w)
			}
		}
	}
}

func TestCredentialWarning(t *testing.T) {
	end := testNow.Add(24 * time.Hour)
	if w := credentialWarning(aws.Credentials{AccessKeyID: "a"}, testNow, end); w != nil {
		t.Errorf("static: %q", w)
	}
	if w := credentialWarning(aws.Credentials{CanExpire: true, Expires: end.Add(time.Hour)}, testNow, end); w != nil {
		t.Errorf("outliving credentials: %q", w)
	}
	if w := credentialWarning(aws.Credentials{SessionToken: "t"}, testNow, end); len(w) != 1 || w[0] != sessionWarning {
		t.Errorf("session: %q", w)
	}
	rel := credentialWarning(aws.Credentials{CanExpire: true, Expires: testNow.Add(47 * time.Minute)}, testNow, end)
	want := "credentials expire at " + testNow.Add(47*time.Minute).Local().Format("15:04") + " (in 47m): links end then, not in 24h"
	if len(rel) != 1 || rel[0] != want {
		t.Errorf("relative warning %q, want %q", rel, want)
	}
}
