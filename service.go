package dhakira

import (
	"context"
	"time"
)

// Audience says who is asking. The zero value is the public, who only ever
// see published records: a caller has to ask on purpose to see more.
type Audience int

const (
	Public Audience = iota // published records only
	Staff                  // every status
)

// Sees reports whether an audience may see a record with status s.
func (a Audience) Sees(s Status) bool { return a == Staff || s == Published }

// Summary is what a list shows of a record.
type Summary struct {
	Code        string
	Kind        Kind
	Title       Text
	Type        string
	Date        string
	Reliability Reliability
	Status      Status
	Parent      string   // places and entities
	Aliases     []string // other names of places, persons and entities
	Created     time.Time
	Updated     time.Time
	UpdatedBy   string // author of the latest revision
}

// RecordInfo is what the store knows about a record beyond its JSON.
type RecordInfo struct {
	Revision int // current revision number
	Created  time.Time
	Updated  time.Time
}

// Related is a record linked to another, seen from that other record: a link
// it makes (Inverse false) or one made to it (Inverse true), which the page
// shows with the inverse label ("issued by" / "issued").
type Related struct {
	Summary
	Rel     Rel
	Inverse bool
	Note    string
}

// Sort orders a list of records.
type Sort string

const (
	SortDate    Sort = "date"    // oldest first, undated last
	SortNewest  Sort = "-date"   // most recent date first, undated last
	SortLatest  Sort = "latest"  // most recently added first
	SortUpdated Sort = "updated" // most recently changed first
	SortCode    Sort = "code"
)

// RecordFilter selects records for a list. The zero value lists everything
// the public may see.
type RecordFilter struct {
	Audience    Audience
	Kind        Kind
	Place       string // the place and every place inside it
	Type        string
	Reliability Reliability
	Status      Status // with Audience Staff: only records of this status
	Author      string // with Audience Staff: only records whose latest revision is by this author
	Year        int    // records whose date overlaps that year
	Day         int    // YYYYMMDD: records dated that day, or in an interval of days around it
	Sort        Sort
	Offset      int
	Limit       int // 0 means 50; capped at 1000
}

// Count is one value of a field with the number of records that have it.
type Count struct {
	Value string
	N     int
}

// RecordService reads the archive.
type RecordService interface {
	// Record returns the current version of a record; ENOTFOUND when there
	// is none, or when the audience may not see it.
	Record(ctx context.Context, code string, a Audience) (*Record, *RecordInfo, error)
	// Records lists records matching f and the total that match.
	Records(ctx context.Context, f RecordFilter) ([]Summary, int, error)
	// Related lists the records code links to and those that link to it,
	// keeping only those the audience may see.
	Related(ctx context.Context, code string, a Audience) ([]Related, error)
	// PlacePath returns the chain of places from the widest ancestor down to
	// the place code itself.
	PlacePath(ctx context.Context, code string, a Audience) ([]Summary, error)
	// Children lists the records of kind k whose parent is code (the places
	// directly inside a place, the entities under an entity) that the
	// audience may see, in code order, at most limit (0 means 1000, the
	// most): a place's page lists them without reading what else is inside.
	Children(ctx context.Context, code string, k Kind, a Audience, limit int) ([]Summary, error)
	// CountKinds counts records by kind.
	CountKinds(ctx context.Context, a Audience) (map[Kind]int, error)
	// CountTypes counts the records of a kind by type.
	CountTypes(ctx context.Context, k Kind, a Audience) ([]Count, error)
	// ChronicleNeighbours returns the nearest days before and after day
	// (YYYYMMDD) that have diary events, 0 when there is none.
	ChronicleNeighbours(ctx context.Context, day int, a Audience) (prev, next int, err error)
	// Revisions lists a record's revisions, oldest first.
	Revisions(ctx context.Context, code string) ([]Revision, error)
}

// ImportService writes batches of records all or nothing.
type ImportService interface {
	// KindsOf returns the kinds of those of codes that exist.
	KindsOf(ctx context.Context, codes []string) (map[string]Kind, error)
	// BeginImport starts one all-or-nothing write. author is recorded on
	// every revision it makes.
	BeginImport(ctx context.Context, author string) (ImportTx, error)
}

// WithWaitNotice returns a context in which a store that must make a write
// wait its turn (BeginImport while another import runs) says so through
// fn, once, with a message for the person waiting, instead of failing.
func WithWaitNotice(ctx context.Context, fn func(msg string)) context.Context {
	return context.WithValue(ctx, waitNoticeKey{}, fn)
}

// WaitNotice passes msg to the function WithWaitNotice put in ctx, if any.
func WaitNotice(ctx context.Context, msg string) {
	if fn, ok := ctx.Value(waitNoticeKey{}).(func(string)); ok && fn != nil {
		fn(msg)
	}
}

type waitNoticeKey struct{}

// ImportTx is an import in progress: nothing is visible until Commit, to
// readers, harvesters, exports and the change feed alike, however long it
// takes to write; a failed or interrupted import (even killed) leaves
// nothing. Other writers (the editor, the write API) are not held up by it
// for longer than its commit. One import runs at a time: BeginImport
// waits for the one before to end.
type ImportTx interface {
	// Reserve marks codes that records in the batch bring, so that codes
	// assigned meanwhile, by this import or by any other writer, skip them,
	// and a new record cannot take one until the import ends.
	Reserve(codes []string)
	// Put writes r, assigning a code when it has none, and returns the code.
	// An existing code is ECONFLICT unless replace is set, when r becomes
	// the record's next revision.
	Put(ctx context.Context, r *Record, replace bool) (string, error)
	Commit() error
	Rollback() error
}

// Store is everything the program needs of its storage.
type Store interface {
	RecordService
	ImportService
	DumpService
	ChangeFeed
	HarvestService
	ListingService
	FileService
	JobQueue
	Ping(ctx context.Context) error
	Close() error
}

// DumpService streams whole records, for exports and backups.
type DumpService interface {
	// Dump calls fn with the canonical JSON line (Record.Encode, without its
	// newline) of every record of kind k ("" for every kind) the audience
	// may see, ordered by code byte by byte.
	Dump(ctx context.Context, k Kind, a Audience, fn func(line []byte) error) error
}

// Change is one write to the archive: the revision it made.
type Change struct {
	Seq  int64  // increases with every revision the store commits
	Code string // the record written
	N    int    // the record's revision number: 1 when it was created
}

// ChangeFeed lets an index derived from the store follow it: it lists
// writes in the order they were committed, whoever made them.
type ChangeFeed interface {
	// Changes lists up to limit changes after seq, oldest first.
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)
	// LastChange is the Seq of the newest change, 0 for an empty archive.
	LastChange(ctx context.Context) (int64, error)
	// Dependents lists up to limit records that show code's names: those
	// linking to it, those placed in it or in a place inside it, and the
	// places inside it.
	Dependents(ctx context.Context, code string, limit int) ([]string, error)
	// DumpLinked is Dump of every kind for an index built from the whole
	// archive: with each record's line come the records it links to that
	// the audience may see, in the order of its links, with the names a
	// record linking to them is also found by. It reads the names in one
	// pass beside the records, where asking Related for each record would
	// cost a query each. fn may keep line and linked, and must not change
	// line (a store may give the bytes of a string it was read into).
	DumpLinked(ctx context.Context, a Audience, fn func(line []byte, linked []LinkedName) error) error
}

// LinkedName is a record as the records linking to it show it: its code,
// its titles and its aliases.
type LinkedName struct {
	Code    string
	Title   Text
	Aliases []string
}
