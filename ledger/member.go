package ledger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/s3share/s3share/s3browse"
)

// Member is one member of the team: members/NAME.json.
type Member struct {
	Name string `json:"name"` // a valid member name, the key's
	// Display is the name people see, the member's own choice (free text:
	// front ends escape it).
	Display string `json:"display_name,omitempty"`
	// Identity is who the server said the member was when it joined: the
	// caller ARN from STS GetCallerIdentity, else the access key id.
	Identity string    `json:"identity"`
	Joined   time.Time `json:"joined"` // server time
}

// memberDoc is the content of a member object.
type memberDoc struct {
	Format int `json:"format"`
	Member
}

// markerDoc is the content of ledger.json.
type markerDoc struct {
	Format  int       `json:"format"`
	Created time.Time `json:"created"`
}

// Init starts a ledger at the prefix (ledger.json, created only if
// absent) and makes this member its first: ErrAlreadyLedger when one is
// there. Run the capability probe first.
func (l *Ledger) Init(ctx context.Context, identity, display string) (Member, error) {
	body, err := json.Marshal(markerDoc{Format: baseFormat, Created: l.now()})
	if err != nil {
		return Member{}, err
	}
	_, err = l.objects.CreateObject(ctx, s3browse.PutInput{Bucket: l.bucket, Key: l.marker(), Body: body,
		ContentType: "application/json"})
	if errors.Is(err, s3browse.ErrExists) {
		return Member{}, &ObjectError{Location: l.Location(), Err: fmt.Errorf("%w: it was started before: join it", ErrAlreadyLedger)}
	}
	if err != nil {
		return Member{}, err
	}
	return l.AddMember(ctx, identity, display)
}

// Join makes this member a member of the ledger at the prefix: it checks
// that a ledger is there (ErrNotLedger, ErrNewerFormat) and writes
// members/NAME.json (AddMember). Credentials that may read the ledger
// but not write there get an error wrapping ErrEntryNotWritten: the
// ledger is there and can be pulled, and the entry can be written later
// with AddMember.
func (l *Ledger) Join(ctx context.Context, identity, display string) (Member, error) {
	if err := l.checkMarker(ctx); err != nil {
		return Member{}, err
	}
	return l.AddMember(ctx, identity, display)
}

// checkMarker reads ledger.json.
func (l *Ledger) checkMarker(ctx context.Context) error {
	data, _, err := l.objects.ReadObject(ctx, l.bucket, l.marker(), maxMarkerBytes)
	if errors.Is(err, s3browse.ErrNoSuchKey) {
		return &ObjectError{Location: l.Location(), Err: fmt.Errorf("%w: there is no %s", ErrNotLedger, markerName)}
	}
	if err != nil {
		return err
	}
	var doc markerDoc
	if err := decodeFormat(data); err != nil {
		return &ObjectError{Location: l.location(l.marker()), Err: err}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return &ObjectError{Location: l.location(l.marker()), Err: damaged(err)}
	}
	return nil
}

// AddMember writes this member's entry, members/NAME.json, created only
// if absent. A name already taken by the same identity (another machine
// of the same person) is joined again, the entry there returned; by
// another identity, ErrNameTaken. When the credentials may not write
// there, an entry already there is taken as above, and otherwise the
// error wraps ErrEntryNotWritten and s3browse.ErrAccessDenied.
func (l *Ledger) AddMember(ctx context.Context, identity, display string) (Member, error) {
	m := Member{Name: l.name, Display: display, Identity: identity, Joined: l.now()}
	if err := m.validate(); err != nil {
		return Member{}, err
	}
	body, err := json.Marshal(memberDoc{Format: baseFormat, Member: m})
	if err != nil {
		return Member{}, err
	}
	key := l.member(l.name)
	_, err = l.objects.CreateObject(ctx, s3browse.PutInput{Bucket: l.bucket, Key: key, Body: body, ContentType: "application/json"})
	switch {
	case errors.Is(err, s3browse.ErrExists):
		m, err = l.memberThere(ctx, identity, nil)
	case errors.Is(err, s3browse.ErrAccessDenied):
		m, err = l.memberThere(ctx, identity, err)
	}
	if err != nil {
		return Member{}, err
	}
	l.remember(m)
	return m, nil
}

// memberThere returns this member's entry as the bucket has it, when it
// has the same identity (ErrNameTaken otherwise). denied is why the
// entry could not be written, when that was the reason to look: without
// an entry there, the error says it was not written.
func (l *Ledger) memberThere(ctx context.Context, identity string, denied error) (Member, error) {
	key := l.member(l.name)
	there, err := l.readMember(ctx, l.name)
	switch {
	case denied != nil && errors.Is(err, ErrNotMember):
		return Member{}, fmt.Errorf("%w: %w", ErrEntryNotWritten, denied) // denied names the object
	case err != nil:
		return Member{}, err
	case there.Identity != identity:
		return Member{}, &ObjectError{Location: l.location(key),
			Err: fmt.Errorf("%w: %s belongs to another identity: choose another name", ErrNameTaken, l.name)}
	}
	return there, nil
}

// validate checks a member's fields.
func (m Member) validate() error {
	switch {
	case !ValidName(m.Name):
		return fmt.Errorf("member name %.70q is not valid", m.Name)
	case m.Identity == "":
		return fmt.Errorf("member %s has no identity", m.Name)
	}
	if err := checkText("identity", m.Identity, maxIdentity); err != nil {
		return err
	}
	return checkText("display name", m.Display, maxDisplayBytes)
}

// memberNamed returns the member called name, read once from the bucket;
// a name with no member object gives an error wrapping ErrNotMember.
func (l *Ledger) memberNamed(ctx context.Context, name string) (Member, error) {
	l.mu.Lock()
	m, ok := l.members[name]
	l.mu.Unlock()
	if ok {
		return m, nil
	}
	m, err := l.readMember(ctx, name)
	if err != nil {
		return Member{}, err
	}
	l.remember(m)
	return m, nil
}

// remember caches a member.
func (l *Ledger) remember(m Member) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.members[m.Name] = m
}

// readMember reads and checks members/NAME.json.
func (l *Ledger) readMember(ctx context.Context, name string) (Member, error) {
	if !ValidName(name) {
		return Member{}, fmt.Errorf("%w: %.70q is not a valid member name", ErrNotMember, name)
	}
	key := l.member(name)
	data, _, err := l.objects.ReadObject(ctx, l.bucket, key, maxMemberBytes)
	switch {
	case errors.Is(err, s3browse.ErrNoSuchKey):
		return Member{}, fmt.Errorf("%w: %s has no %s", ErrNotMember, name, key)
	case errors.Is(err, s3browse.ErrTooLarge):
		return Member{}, l.objectError(key, ErrDamaged, "larger than %d bytes", maxMemberBytes)
	case err != nil:
		return Member{}, err
	}
	var doc memberDoc
	if err := decodeFormat(data); err != nil {
		return Member{}, &ObjectError{Location: l.location(key), Err: err}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return Member{}, &ObjectError{Location: l.location(key), Err: damaged(err)}
	}
	if doc.Name != name {
		return Member{}, l.objectError(key, ErrDamaged, "names member %.70q", doc.Name)
	}
	if err := doc.Member.validate(); err != nil {
		return Member{}, l.objectError(key, ErrDamaged, "%v", err)
	}
	return doc.Member, nil
}

// Members lists every member, by name. Member objects that are damaged
// are left out and reported in the second result.
func (l *Ledger) Members(ctx context.Context) ([]Member, []error, error) {
	var names []string
	token := ""
	for {
		page, err := l.objects.ListAfter(ctx, l.bucket, l.membersPrefix(), "", token)
		if err != nil {
			return nil, nil, err
		}
		for _, o := range page.Objects {
			if name, ok := l.memberName(o.Key); ok {
				names = append(names, name)
			}
		}
		if page.Last() {
			break
		}
		token = page.NextToken
	}
	members := make([]Member, len(names))
	problems := make([]error, len(names))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(fetchers)
	for i, name := range names {
		g.Go(func() error {
			m, err := l.memberNamed(gctx, name)
			if err != nil && !isContentProblem(err) {
				return err
			}
			members[i], problems[i] = m, err
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	var out []Member
	var bad []error
	for i := range names {
		if problems[i] != nil {
			bad = append(bad, problems[i])
			continue
		}
		out = append(out, members[i])
	}
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.Name, b.Name) })
	return out, bad, nil
}

// isContentProblem reports whether err is about what an object holds
// (it is skipped and reported) rather than about reaching it (the
// operation stops).
func isContentProblem(err error) bool {
	return errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotMember) || errors.Is(err, ErrForged) ||
		errors.Is(err, s3browse.ErrTooLarge)
}
