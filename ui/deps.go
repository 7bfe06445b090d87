package ui

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// Browser is the S3 side the UI needs; *s3browse.Browser satisfies it.
type Browser interface {
	Describe() string
	ListBuckets(ctx context.Context) ([]s3browse.Bucket, error)
	ListPage(ctx context.Context, bucket, prefix, token string) (s3browse.Page, error)
	Credentials(ctx context.Context) (aws.Credentials, error)
	ClockSkew(ctx context.Context, bucket string) (time.Duration, error)
}

// Issuer presigns links; *share.Issuer satisfies it.
type Issuer interface {
	Issue(ctx context.Context, reqs []share.Request) ([]share.Link, error)
}

// History stores issued links; *share.History satisfies it.
type History interface {
	Add(ctx context.Context, links []share.Link) ([]share.Link, error)
	List(ctx context.Context, q share.Query) ([]share.Link, error)
	Delete(ctx context.Context, id int64) error
}

// Deps is everything the UI talks to, wired by main.
type Deps struct {
	Browser    Browser
	Issuer     Issuer
	History    History
	CopyNative func(string) error // native clipboard; nil means none
	Now        func() time.Time   // clock; nil means time.Now
	OverSSH    bool               // skip the native clipboard and use OSC 52
	Profile    string             // leads the status bar's location unless Describe names it
	// Reader reads the first bytes of objects for the preview pane; nil
	// turns previews off. *s3browse.Browser satisfies it.
	Reader  ObjectReader
	Preview preview.Mode        // auto (or ""), kitty, sixel, iterm, blocks or off
	Getenv  func(string) string // environment for terminal detection; nil means os.Getenv
}

// ObjectReader reads the start of an object; *s3browse.Browser satisfies it.
type ObjectReader interface {
	ReadRange(ctx context.Context, bucket, key string, maxBytes int64) ([]byte, s3browse.ObjectInfo, error)
}

// The real implementations satisfy the narrow interfaces.
var (
	_ Browser = (*s3browse.Browser)(nil)
	_ Issuer  = (*share.Issuer)(nil)
	_ History = (*share.History)(nil)

	_ ObjectReader = (*s3browse.Browser)(nil)
)
