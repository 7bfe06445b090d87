package s3browse

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// answered is an SDK error for an answer with status and code.
func answered(status int, code string) error {
	return &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
		Err:      &smithy.GenericAPIError{Code: code, Message: "m"},
	}
}

func TestConditionalError(t *testing.T) {
	for _, tc := range []struct {
		err     error
		kind412 error
		want    error
		message string
	}{
		{answered(412, "PreconditionFailed"), ErrExists, ErrExists, "s3://b/k: already exists"},
		{answered(412, ""), ErrExists, ErrExists, "s3://b/k: already exists"},
		{answered(412, "PreconditionFailed"), ErrPreconditionFailed, ErrPreconditionFailed,
			"s3://b/k: changed since it was read (its ETag no longer matches)"},
		{answered(409, "ConditionalRequestConflict"), ErrExists, ErrConflict,
			"s3://b/k: another conditional write to this key was in progress: try again"},
		{answered(409, ""), ErrExists, ErrConflict,
			"s3://b/k: another conditional write to this key was in progress: try again"},
	} {
		got := conditionalError("b", "k", tc.err, tc.kind412)
		if !errors.Is(got, tc.want) || got.Error() != tc.message {
			t.Errorf("conditionalError(%v) = %v, want %v %q", tc.err, got, tc.want, tc.message)
		}
	}
	other := answered(409, "BucketAlreadyExists")
	if got := conditionalError("b", "k", other, ErrExists); got != other {
		t.Errorf("another 409 was mapped: %v", got)
	}
}
