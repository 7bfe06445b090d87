package s3browse

import (
	"context"
	"errors"
	"io"
	"net"
)

// mapError maps err like the package-level mapError and names the endpoint
// in messages about timeouts and broken answers, which the SDK's errors do
// not carry.
func (b *Browser) mapError(op, bucket, key string, err error) error {
	err = mapError(op, bucket, key, err)
	var e *Error
	if !errors.As(err, &e) || e.Kind != nil {
		return err
	}
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = ErrEndpointUnreachable
		e.detail = "no answer from " + b.EndpointName() + " in time: check the endpoint and the network, or try again"
	case errors.Is(err, io.ErrUnexpectedEOF):
		e.detail = "the answer from " + b.EndpointName() + " was cut short: check the network or proxy, and try again"
	}
	return err
}

// EndpointName names where requests go, for messages: the endpoint URL
// without its query, or S3 in the default region ("S3 (eu-west-1)").
func (b *Browser) EndpointName() string {
	if b.opts.EndpointURL != "" {
		return stripQueries(b.opts.EndpointURL)
	}
	return "S3 (" + b.cfg.Region + ")"
}
