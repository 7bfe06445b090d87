// Package share issues presigned links with a truthful expiry: the
// pipeline checks the bucket and the objects before signing (region,
// existence, credentials, clock skew), makes revocable copies, signs,
// warns and records each link in the history. It also renews, revokes and
// forgets links, and issues galleries (one page that shows many images).
//
// What a link is lives in presigned, where links are kept in history, how
// they are checked live in linkcheck and how they are handed out in
// linkfmt. It never imports Charm packages.
package share
