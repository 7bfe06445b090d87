// Package accesslog tells what became of issued links from the bucket's
// S3 server access logs: who opened them, when, how often, and who tried
// after they ended.
//
// # Records
//
// Parse reads one line of the documented AWS format (space-separated
// fields, the time in brackets, the request line, referrer and user agent
// in quotes, "-" for nothing, fields AWS appends later ignored) without
// allocating; a Scanner reads a log object's body (plain text or gzip)
// line by line, counting and skipping lines that are not records. Strings
// stay raw: user agents and keys come from strangers, so anything shown
// on a terminal goes through Record.Escaped, Hit.Escaped or Opens.Escaped.
//
// # Where the logs are, and reading only what is new
//
// ParseLocation reads the setting s3://LOG-BUCKET/PREFIX; Find asks a
// bucket (GetBucketLogging). A Reader lists the log objects named from the
// earliest time of interest on (both of AWS's key layouts sort by time, so
// this is a StartAfter), skips the keys the caller says it has read,
// fetches the rest Concurrency at a time and returns their records, the
// keys it read (for the caller to remember), and LogsUpTo, the time of
// the newest record it read: AWS delivers logs best-effort, hours late, so
// "not opened yet" is only ever "not opened by then".
//
// # Attribution
//
// An Attributor matches each GET or HEAD of an object through a
// presigned URL to its link (LinkRef): by bucket, key, X-Amz-Date and the
// access key id of X-Amz-Credential from the logged request line, or, for
// a revocable link, by its copy's key alone. Each match is a Hit of a
// Kind (open, tried after the end or before the start, tampered, gone,
// denied, s3share's own check); the caller stores hits once per request id
// (S3 may deliver a record twice) and Summarize sums them up per link.
package accesslog
