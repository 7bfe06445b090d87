package history

// Filter selects links by status in history queries.
type Filter int

// History filters.
const (
	FilterAll     Filter = iota
	FilterActive         // still working (active or expiring soon)
	FilterExpired        // no longer working (expired, ended early or revoked)
)

// Query selects history entries, newest first.
type Query struct {
	Filter Filter
	Search string  // substring of bucket, key or label, case-insensitive
	IDs    []int64 // only these links, when set (members of galleries too)
	Parent int64   // a gallery's images; 0 lists the top level, where a gallery is one entry
	Limit  int     // 0 means no limit
	Offset int     // rows to skip, for loading page by page
	// Mine keeps the links issued here (or, in a team, by the member Me):
	// teammates' links are left out.
	Mine bool
	Me   string
}
