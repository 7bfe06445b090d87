package presigned

import "testing"

func TestContentDisposition(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "attachment"},
		{"photo.png", `attachment; filename="photo.png"`},
		{"my photo (1).png", `attachment; filename="my photo (1).png"`},
		{"Übersicht.png", `attachment; filename="_bersicht.png"; filename*=UTF-8''%C3%9Cbersicht.png`},
		{"猫 🐱.jpg", `attachment; filename="_ _.jpg"; filename*=UTF-8''%E7%8C%AB%20%F0%9F%90%B1.jpg`},
		{`say "hi".png`, `attachment; filename="say _hi_.png"; filename*=UTF-8''say%20%22hi%22.png`},
		{"100%.png", `attachment; filename="100_.png"; filename*=UTF-8''100%25.png`},
		{"a/b\\c\n.png", `attachment; filename="a_b_c_.png"`},
	}
	for _, tt := range tests {
		if got := ContentDisposition(tt.in); got != tt.want {
			t.Errorf("ContentDisposition(%q) =\n %s\nwant\n %s", tt.in, got, tt.want)
		}
	}
}
