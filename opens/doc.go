// Package opens is the one job both front ends call to learn what became
// of issued links: it reads the server access logs that are new since the
// last run (accesslog), attributes their requests to the links in the
// history, records them there in one transaction per log location, and
// sums up what the history holds per link.
//
// Where the logs are: the access_logs setting when given, else each
// bucket's own GetBucketLogging. Which logs are read: those named from the
// earliest issue time of the links that could still be opened, or tried
// within TryWindow after they ended, skipping every log object read before.
// The requests are matched against every link in the history, so a log
// object read once never has to be read again for another link. s3share's
// own live checks (linkcheck.UserAgent) are told apart from opens.
//
// AWS delivers logs best-effort, hours late: every summary comes with
// LogsUpTo, the time of the newest record read, and a link with no open
// is "not yet" opened, never "never".
package opens
