// Package ledger keeps a team's shared links in the bucket itself: an
// append-only log of events on S3, written with conditional writes, with
// the local history as its cache. No server to host: the bucket is the
// only shared place, as in Delta Lake's _delta_log or SlateDB's manifests.
//
// # Layout
//
// Under the team's prefix (s3://BUCKET/PREFIX/):
//
//	ledger.json                       format version; written once by Init, read by Join
//	members/NAME.json                 a member: display name, identity (caller ARN or access key id)
//	log/00000000000000000001.json     one batch of events per object, numbered 1, 2, 3... without gaps
//	snap/00000000000000000100.json.gz the fold of the log up to that number (gzip JSON)
//	probe/ID/...                      the capability probe's objects, deleted after it
//
// Every object is created with If-None-Match: * and never rewritten. The
// numbers are zero-padded so that keys list in order; they are contiguous,
// not time-ordered ids, so that a reader that lists with StartAfter set to
// the last key it applied can never miss an object (a writer whose clock is
// slow cannot slip one in before it).
//
// # Events and state
//
// An Event (issued, renewed, revoked, relabelled, removed, checked, opened)
// carries a random id, its writer's member name, the server's time and the
// team-wide id of its link. An opened event carries requests through the
// link that a member found in the bucket's access logs (Opened), without
// their Request-URI or referrer; the state counts each request id once. A shared link record never holds a usable
// URL: StripSecrets removes X-Amz-Signature and X-Amz-Security-Token, and
// Validate refuses a URL that still names them. The state is the fold of
// the events (State): per link and per aspect one event decides, by time
// and then id, so applying events in any order, or twice, gives the same
// state. That is what makes a cache idempotent, and what makes two
// snapshots of the same number equal whichever way their writers got
// there.
//
// # Push
//
// The outbox (events the history recorded but the team has not seen) is
// written as a batch to log/N, N being one after the last object the cache
// applied. 412 (taken) means another writer was first: pull what is new,
// then try the next number. 409 (a conditional write in progress) means
// try the same number again after a short, growing wait, a few times.
// Events leave the outbox only when the cache applies them, from the
// writer's own successful PUT or from a pull: a push whose answer was
// lost (the PUT landed, the writer died or the connection broke) finds
// the number taken on the next try, pulls it, sees its own events and
// writes nothing twice.
//
// # Pull
//
// One LIST of log/ with StartAfter = the last key applied: with nothing
// new, that is the only request. New objects are read 8 at a time and
// applied in order, 64 per call to the cache. An object that is too
// large, not JSON, by a writer with no members/ object, or holding an
// event that claims another writer is rejected with a line naming it and
// the log goes on past it (everyone rejects the same bytes); an object of
// a newer format stops the pull until s3share is updated; a missing
// number with a later one present is a gap and stops it too. A cache that
// has read nothing starts from the newest usable snapshot, then reads the
// log after it.
//
// # Snapshots and cleanup
//
// The writer of every log object whose number is a multiple of
// DefaultSnapshotEvery (100) folds its cache's state into snap/N. A first
// sync thus reads one snapshot and at most 99 log objects. After writing a
// snapshot, the writer deletes the log objects the newest snapshot covers
// and older snapshots, but only those a day old by their LastModified
// against the server's time, and only if it has itself applied everything
// the snapshot covers. A reader that was away longer finds the log
// starting after its position and starts again from the snapshot; a
// writer whose cache was not seen up to date for half a day pulls before
// it pushes, so it never recreates a deleted number.
//
// # Trust
//
// Anyone with s3:PutObject on the prefix can write any event: the ledger
// is as trustworthy as the bucket's policy. Time comes from the caller
// (the local clock corrected by the skew measured against the server);
// the package never reads the wall clock to decide anything. Probe refuses
// a server whose conditional writes do not hold before a team trusts it.
package ledger
