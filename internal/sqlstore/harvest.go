package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
)

// A harvest reads each record at its latest revision up to the snapshot
// (revisions.id is the change Seq). Two orders, each an index range from
// the cursor, so that a page costs the same at the millionth record as at
// the first:
//
//   - without a time bound, by code: the records' primary key, or
//     records_kind_code for one kind. Cursor "c" + code.
//   - with From or Before, by the revision's time: revisions_created, so
//     that an incremental harvest reads only what changed. Cursor "t" +
//     created_at + "/" + id.

// snapStatus is the status of the record at its revision v: the record
// row's own while v is still its current revision (no JSON to read).
func (d *Dialect) snapStatus() string {
	return `CASE WHEN v.n = r.revision THEN r.status ELSE ` + d.JSONStatus("v.data") + ` END`
}

// harvestColumns are what a harvest reads of the record r at revision v.
func (d *Dialect) harvestColumns() string {
	return `r.code, r.kind, r.status, r.revision, v.id, v.n, v.created_at, ` + d.snapStatus()
}

// everPublished keeps the records published at their revision v or at an
// earlier one: drafts that never were public never reach a harvester.
func (d *Dialect) everPublished(snap string) string {
	return `(` + d.snapStatus() + ` = 'published' OR EXISTS (SELECT 1 FROM revisions p WHERE p.code = r.code AND p.id <= ` + snap +
		` AND ` + d.JSONStatus("p.data") + ` = 'published'))`
}

// harvestRow is one record a harvest query found, before its content is
// read.
type harvestRow struct {
	item    dhakira.HarvestItem
	current int // the record's current revision number
	cursor  string
}

// changed reports whether the record has a revision after the snapshot's.
func (h *harvestRow) changed() bool { return h.current != h.item.N }

const maxHarvestLimit = 1000

// Harvest lists one page of the records q selects as of q.Snapshot.
func (s *Base) Harvest(ctx context.Context, q dhakira.HarvestQuery) ([]dhakira.HarvestItem, string, error) {
	limit := min(OrDefault(q.Limit, 100), maxHarvestLimit)
	byTime := !q.From.IsZero() || !q.Before.IsZero()
	cursor := q.After
	if cursor != "" && (byTime && cursor[0] != 't' || !byTime && cursor[0] != 'c') {
		return nil, "", dhakira.Errorf(dhakira.EINVALID, "harvest cursor %q does not belong to this query", q.After)
	}
	var subtree map[string]bool // with a place: the places inside it, to check records changed since the snapshot
	if q.Place != "" {
		var err error
		if subtree, err = s.subtree(ctx, q.Place); err != nil {
			return nil, "", err
		}
	}
	var rows []harvestRow
	records := map[int64]*dhakira.Record{}
	for {
		want := limit + 1 - len(rows)
		batch, err := s.harvestRows(ctx, q, cursor, want, "")
		if err != nil {
			return nil, "", err
		}
		var check []int64 // revisions to read: records changed since the snapshot, when a place filters
		for _, h := range batch {
			if subtree != nil && h.changed() {
				check = append(check, h.item.Seq)
			}
		}
		if err := s.revisionRecords(ctx, check, records); err != nil {
			return nil, "", err
		}
		for _, h := range batch {
			cursor = h.cursor
			// A record changed since the snapshot may have been placed
			// elsewhere after it: the candidates came from its places now,
			// its membership is decided by its places then.
			if subtree != nil && h.changed() && !inSubtree(records[h.item.Seq], subtree) {
				continue
			}
			rows = append(rows, h)
		}
		if len(rows) > limit || len(batch) < want {
			break
		}
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		next = rows[limit-1].cursor
	}
	items, err := s.harvestItems(ctx, rows, q.Records, records)
	return items, next, err
}

// HarvestRecord returns the record code as of the snapshot.
func (s *Base) HarvestRecord(ctx context.Context, code string, snapshot int64) (*dhakira.HarvestItem, error) {
	rows, err := s.harvestRows(ctx, dhakira.HarvestQuery{Snapshot: snapshot}, "", 1, code)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, dhakira.Errorf(dhakira.ENOTFOUND, "no record %q", code)
	}
	items, err := s.harvestItems(ctx, rows, true, map[int64]*dhakira.Record{})
	if err != nil {
		return nil, err
	}
	return &items[0], nil
}

// harvestRows reads up to limit records of a harvest after the cursor, or
// the one record code when code is set.
func (s *Base) harvestRows(ctx context.Context, q dhakira.HarvestQuery, cursor string, limit int, code string) ([]harvestRow, error) {
	if q.From.IsZero() && q.Before.IsZero() {
		after := ""
		if cursor != "" {
			after = cursor[1:]
		}
		return s.harvestQuery(ctx, q, HarvestStart{Code: code, After: after}, limit)
	}
	if cursor == "" {
		return s.harvestQuery(ctx, q, HarvestStart{}, limit)
	}
	at, id, ok := strings.Cut(cursor[1:], "/")
	n, err := strconv.ParseInt(id, 10, 64)
	if _, terr := time.Parse(TimeLayout, at); !ok || err != nil || terr != nil {
		return nil, dhakira.Errorf(dhakira.EINVALID, "harvest cursor %q is not one this store made", cursor)
	}
	// The rest of the revisions saved at the cursor's instant, then those
	// saved later: two index ranges. (One condition on the pair would be
	// read from the first revision of that instant on, and an import saves
	// a million at one instant.)
	rows, err := s.harvestQuery(ctx, q, HarvestStart{At: at, ID: n}, limit)
	if err != nil || len(rows) == limit {
		return rows, err
	}
	more, err := s.harvestQuery(ctx, q, HarvestStart{At: at, Later: true}, limit-len(rows))
	return append(rows, more...), err
}

// HarvestStart is where a harvest query starts reading.
type HarvestStart struct {
	Code  string // by code: this record only
	After string // by code: the records after this code
	At    string // by time: the revisions saved at this instant with ids after ID, or
	ID    int64
	Later bool // saved after At
}

// harvestQuery runs one query of a harvest.
func (s *Base) harvestQuery(ctx context.Context, q dhakira.HarvestQuery, start HarvestStart, limit int) ([]harvestRow, error) {
	byTime := !q.From.IsZero() || !q.Before.IsZero()
	query, args := s.HarvestSQL(q, start, limit)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []harvestRow
	for rows.Next() {
		var h harvestRow
		var at, now string
		var then sql.NullString // the status at the snapshot
		if err := rows.Scan(&h.item.Code, &h.item.Kind, &now, &h.current, &h.item.Seq, &h.item.N, &at, &then); err != nil {
			return nil, err
		}
		h.item.At = ParseTime(at)
		// Published at the snapshot but not now: withdrawn meanwhile, so
		// its content goes to nobody any more.
		h.item.Deleted = then.String != string(dhakira.Published) || now != string(dhakira.Published)
		if byTime {
			h.cursor = "t" + at + "/" + strconv.FormatInt(h.item.Seq, 10)
		} else {
			h.cursor = "c" + h.item.Code
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// HarvestSQL builds the query of harvestQuery (the engines' tests read its
// plan).
func (s *Base) HarvestSQL(q dhakira.HarvestQuery, start HarvestStart, limit int) (string, []any) {
	d := &s.dialect
	byTime := !q.From.IsZero() || !q.Before.IsZero()
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var cte string
	var conds []string
	if q.Place != "" {
		arg(q.Place) // $1 of placeSubtree
		cte = d.PlaceSubtree
	}
	snap := arg(q.Snapshot)
	var query string
	if !byTime {
		switch {
		case start.Code != "":
			conds = append(conds, "r.code = "+arg(start.Code))
		case start.After != "":
			conds = append(conds, "r.code > "+arg(start.After))
		}
		query = `SELECT ` + d.harvestColumns() + ` FROM records r
			JOIN revisions v ON v.id = (SELECT w.id FROM revisions w WHERE w.code = r.code AND w.id <= ` + snap + ` ORDER BY w.n DESC LIMIT 1)`
	} else {
		conds = append(conds, "v.id <= "+snap,
			`NOT EXISTS (SELECT 1 FROM revisions w WHERE w.code = v.code AND w.n > v.n AND w.id <= `+snap+`)`)
		switch {
		case start.Later:
			conds = append(conds, "v.created_at > "+arg(start.At))
		case start.At != "":
			conds = append(conds, "v.created_at = "+arg(start.At), "v.id > "+arg(start.ID))
		case !q.From.IsZero():
			conds = append(conds, "v.created_at >= "+arg(FormatTime(q.From)))
		}
		if !q.Before.IsZero() {
			conds = append(conds, "v.created_at < "+arg(FormatTime(q.Before)))
		}
		query = `SELECT ` + d.harvestColumns() + ` FROM revisions v JOIN records r ON r.code = v.code`
	}
	if q.Kind != "" {
		conds = append(conds, "r.kind = "+arg(string(q.Kind))+d.KindHint)
	}
	if q.Place != "" {
		// Placed in the subtree now, or changed since the snapshot (checked
		// against its places then by the caller).
		// Tested row by row as the index range is read, the subtree being
		// small: gathering and sorting a governorate's records first would
		// cost every page the whole set.
		conds = append(conds, `(v.n <> r.revision OR r.code IN (SELECT code FROM sub)
			OR EXISTS (SELECT 1 FROM record_places rp WHERE rp.code = r.code AND `+d.NoIndex+`rp.place IN (SELECT code FROM sub)))`)
	}
	conds = append(conds, d.everPublished(snap))
	order := "r.code"
	if byTime {
		order = "v.created_at, v.id"
	}
	query = cte + " " + query + " WHERE " + strings.Join(conds, " AND ") + " ORDER BY " + order + " LIMIT " + strconv.Itoa(limit)
	return query, args
}

// harvestItems completes the rows of a page with their places, and their
// records when withRecords; records holds those already read, by revision.
func (s *Base) harvestItems(ctx context.Context, rows []harvestRow, withRecords bool, records map[int64]*dhakira.Record) ([]dhakira.HarvestItem, error) {
	var read []int64    // revisions whose record is needed
	var unchanged []any // records whose places now are their places at the snapshot
	for _, h := range rows {
		switch {
		case h.item.Deleted:
		case withRecords || h.changed():
			if records[h.item.Seq] == nil {
				read = append(read, h.item.Seq)
			}
		default:
			unchanged = append(unchanged, h.item.Code)
		}
	}
	if err := s.revisionRecords(ctx, read, records); err != nil {
		return nil, err
	}
	places, err := s.placesOf(ctx, unchanged)
	if err != nil {
		return nil, err
	}
	items := make([]dhakira.HarvestItem, len(rows))
	for i, h := range rows {
		it := h.item
		if !it.Deleted {
			if rec := records[it.Seq]; rec != nil {
				it.Places = rec.Places
				if withRecords {
					it.Record = rec
				}
			} else {
				it.Places = places[it.Code]
			}
		}
		items[i] = it
	}
	return items, nil
}

// revisionRecords reads the records of the revisions ids into records.
func (s *Base) revisionRecords(ctx context.Context, ids []int64, records map[int64]*dhakira.Record) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, data FROM revisions WHERE id IN (`+Placeholders(len(ids))+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var data string
		if err := rows.Scan(&id, &data); err != nil {
			return err
		}
		rec, err := DecodeStored(data)
		if err != nil {
			return fmt.Errorf("revision %d: %w", id, err)
		}
		records[id] = rec
	}
	return rows.Err()
}

// placesOf returns the places of the records codes, as they are now.
func (s *Base) placesOf(ctx context.Context, codes []any) (map[string][]string, error) {
	out := map[string][]string{}
	if len(codes) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT code, place FROM record_places WHERE code IN (`+Placeholders(len(codes))+`) ORDER BY code, place`, codes...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, place string
		if err := rows.Scan(&code, &place); err != nil {
			return nil, err
		}
		out[code] = append(out[code], place)
	}
	return out, rows.Err()
}

// subtree returns the place code and every place inside it.
func (s *Base) subtree(ctx context.Context, code string) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.PlaceSubtree+` SELECT code FROM sub`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[c] = true
	}
	return out, rows.Err()
}

// inSubtree reports whether rec is in the subtree: placed in one of its
// places, or one of them itself.
func inSubtree(rec *dhakira.Record, subtree map[string]bool) bool {
	if rec == nil {
		return false
	}
	if rec.Kind == dhakira.KindPlace && subtree[rec.Code] {
		return true
	}
	for _, p := range rec.Places {
		if subtree[p] {
			return true
		}
	}
	return false
}

// Placeholders returns "$1, $2, …, $n".
func Placeholders(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i))
	}
	return b.String()
}

// FirstChangeAt is the time of the oldest revision.
func (s *Base) FirstChangeAt(ctx context.Context) (time.Time, error) {
	var at sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT MIN(created_at) FROM revisions`).Scan(&at); err != nil {
		return time.Time{}, err
	}
	return ParseTime(at.String), nil
}

// NextChangeAt is the time of the first revision after seq.
func (s *Base) NextChangeAt(ctx context.Context, after int64) (time.Time, error) {
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT created_at FROM revisions WHERE id > $1 ORDER BY id LIMIT 1`, after).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return ParseTime(at), err
}

// DecodeStored reads a record as a revision keeps it.
func DecodeStored(data string) (*dhakira.Record, error) {
	var rec dhakira.Record
	if err := json.Unmarshal([]byte(data), &rec); err != nil {
		return nil, fmt.Errorf("stored record: %w", err)
	}
	return &rec, nil
}
