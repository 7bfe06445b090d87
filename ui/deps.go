package ui

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/team"
)

// Browser is the S3 side the UI lists with; *s3browse.Browser satisfies it.
type Browser interface {
	Describe() string
	ListBuckets(ctx context.Context) ([]s3browse.Bucket, error)
	ListPage(ctx context.Context, bucket, prefix, token string) (s3browse.Page, error)
	Credentials(ctx context.Context) (aws.Credentials, error)
	Endpoint() string
}

// FileLister lists a folder page with its objects scanned straight into
// compact storage; *s3browse.Browser satisfies it. The objects screen
// lists through it when the Browser is one, else through ListPage.
type FileLister interface {
	ListFiles(ctx context.Context, bucket, prefix, token string) (s3browse.FilePage, error)
}

var _ FileLister = (*s3browse.Browser)(nil)

// Places remembers buckets opened by name, for when the bucket list cannot
// be read; *share.History satisfies it.
type Places interface {
	KnownBuckets(ctx context.Context, endpoint string) ([]s3browse.Bucket, error)
	RememberBucket(ctx context.Context, endpoint, bucket string) error
}

// Sharer is the issuing pipeline the CLI uses too; *share.Pipeline
// satisfies it.
type Sharer interface {
	Inspect(ctx context.Context, bucket string) (share.Conditions, error)
	Share(ctx context.Context, reqs []share.Request, emit func([]presigned.Link) error) (share.Result, error)
	ShareGallery(ctx context.Context, reqs []share.Request, opts share.GalleryOptions) (presigned.Link, error)
	Renew(ctx context.Context, l presigned.Link, emit func([]presigned.Link) error) (share.Result, error)
	Revoke(ctx context.Context, l presigned.Link) (share.Revocation, error)
}

// History stores issued links; *share.History satisfies it.
type History interface {
	List(ctx context.Context, q history.Query) ([]presigned.Link, error)
	Delete(ctx context.Context, id int64) error
	Relabel(ctx context.Context, id int64, label string) error
	RecordChecks(ctx context.Context, verdicts map[int64]presigned.Verdict) error
	Version(ctx context.Context) (int64, error)
	WithMembers(ctx context.Context, links []presigned.Link) ([]presigned.Link, error)
}

// Team is the team ledger the history is shared through; *team.Session
// satisfies it. Its changes land in the history the UI lists.
type Team interface {
	Sync(ctx context.Context) (ledger.SyncResult, error) // push the outbox, then pull
	Push(ctx context.Context) (ledger.PushResult, error) // push the outbox, when it holds anything
	Name() string                                        // this member's name
}

// Deps is everything the UI talks to, wired by main.
type Deps struct {
	Browser    Browser
	Sharer     Sharer
	History    History
	Places     Places             // buckets opened by name; nil: none remembered
	Start      *s3browse.Location // a folder to open at start (s3share s3://bucket/prefix/)
	Checker    *linkcheck.Checker // live link checks; nil turns them off
	Opens      Opens              // access logs: who opened links; nil turns them off
	CopyNative func(string) error // native clipboard; nil means none
	Now        func() time.Time   // clock; nil means time.Now
	OverSSH    bool               // skip the native clipboard and use OSC 52
	NoMouse    bool               // leave the mouse to the terminal (selection) instead of the UI
	// NoAutoCheck keeps the history from checking links when it opens
	// (checks by key still work).
	NoAutoCheck   bool
	DefaultExpiry time.Duration  // the share dialog's expiry; 0 means share.DefaultExpiry
	Format        linkfmt.Format // what links are copied as until the dialog changes it
	Profile       string         // leads the status bar's location unless Describe names it
	// Reader reads the first bytes of objects for the preview pane; nil
	// turns previews off. *s3browse.Browser satisfies it.
	Reader  ObjectReader
	Preview preview.Mode        // auto (or ""), kitty, sixel, iterm, blocks or off
	Getenv  func(string) string // the terminal's variables, for detection; nil reads none
	// ManyObjects, when set, is called once, on the update loop, when a
	// folder first lists 10,000 objects: the CLI then has the garbage
	// collector keep the heap nearer its live size.
	ManyObjects func()
	// Uploader puts local files into buckets (u in a folder, or paths
	// pasted); *s3browse.Browser satisfies it. nil turns uploads off.
	Uploader share.UploadStore
	// UploadDir is where the upload picker starts; "" is the working
	// directory.
	UploadDir string
	// Team shares the history with a team ledger: the history pulls when
	// it opens and every 30 s, and what the UI records is pushed in the
	// background. nil: no team.
	Team Team
}

// ObjectReader reads the start of an object; *s3browse.Browser satisfies it.
type ObjectReader interface {
	ReadRange(ctx context.Context, bucket, key string, maxBytes int64) ([]byte, s3browse.ObjectInfo, error)
}

// The real implementations satisfy the narrow interfaces.
var (
	_ Browser = (*s3browse.Browser)(nil)
	_ Sharer  = (*share.Pipeline)(nil)
	_ History = (*history.History)(nil)
	_ Places  = (*history.History)(nil)

	_ ObjectReader = (*s3browse.Browser)(nil)
	_ Opens        = (*opens.Reader)(nil)
	_ Team         = (*team.Session)(nil)

	_ share.UploadStore = (*s3browse.Browser)(nil)
)
