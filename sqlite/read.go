package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlstore"
)

const summaryColumns = `r.code, r.kind, r.title_ar, r.title_en, r.type, r.date, r.reliability, r.status, r.parent, r.aliases, r.created_at, r.updated_at, r.updated_by`

type scanner interface{ Scan(...any) error }

func scanSummary(row scanner, extra ...any) (dhakira.Summary, error) {
	var s dhakira.Summary
	var created, updated, aliases string
	dest := append([]any{&s.Code, &s.Kind, &s.Title.AR, &s.Title.EN, &s.Type, &s.Date, &s.Reliability, &s.Status, &s.Parent, &aliases, &created, &updated, &s.UpdatedBy}, extra...)
	if err := row.Scan(dest...); err != nil {
		return s, err
	}
	if aliases != "" {
		s.Aliases = strings.Split(aliases, "\n")
	}
	s.Created, s.Updated = parseTime(created), parseTime(updated)
	return s, nil
}

// visible is the SQL condition that keeps what audience a may see of the
// records aliased r.
func visible(a dhakira.Audience) string { return visibleAs("r", a) }

// visibleAs is visible for the records aliased alias.
var visibleAs = sqlstore.VisibleAs

// Record returns the current version of the record code.
func (s *DB) Record(ctx context.Context, code string, a dhakira.Audience) (*dhakira.Record, *dhakira.RecordInfo, error) {
	var data, created, updated string
	var info dhakira.RecordInfo
	err := s.recordStmt[a].QueryRowContext(ctx, code).Scan(&info.Revision, &created, &updated, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, dhakira.Errorf(dhakira.ENOTFOUND, "no record %q", code)
	}
	if err != nil {
		return nil, nil, err
	}
	info.Created, info.Updated = parseTime(created), parseTime(updated)
	rec, err := decodeStored(data)
	return rec, &info, err
}

// recordQuery is Record's query for the audience a, which Open prepares
// once: a search shows 20 records, and preparing the statement each time
// was a sixth of reading one.
func recordQuery(a dhakira.Audience) string {
	return `SELECT r.revision, r.created_at, r.updated_at, v.data
		FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision
		WHERE r.code = $1 AND ` + visible(a)
}

func decodeStored(data string) (*dhakira.Record, error) { return sqlstore.DecodeStored(data) }

// placeSubtree is a recursive query naming the place $1 and every place
// inside it; UNION (not UNION ALL) ends even on a cycle of parents.
const placeSubtree = `WITH RECURSIVE sub(code) AS (
	SELECT CAST($1 AS TEXT)
	UNION SELECT p.code FROM records p JOIN sub ON p.parent = sub.code WHERE p.parent <> '' AND p.kind = 'place')`

// placeTreeSubtree is placeSubtree read from place_tree, which the
// triggers of migration 11 keep: one range of an index instead of a walk
// down the places (150 ms for a governorate at 1M records). It is the
// same set unless a cycle of places was cut (counts_state.places_stale).
const placeTreeSubtree = `WITH sub(code) AS (
	SELECT CAST($1 AS TEXT)
	UNION SELECT place FROM place_tree WHERE ancestor = $1)`

// placeTree reports whether place_tree holds every place's subtree.
func (s *DB) placeTree(ctx context.Context) (bool, error) {
	var stale int
	err := s.db.QueryRowContext(ctx, `SELECT places_stale FROM counts_state`).Scan(&stale)
	return stale == 0, err
}

// where builds the query parts of f: common table expressions, the tables
// to select from, and the WHERE condition, numbering arguments from $1.
// Place and day filters are "code IN (subquery)": SQLite then starts from
// the few matching codes and looks each up by the primary key, instead of
// scanning every record of the kind.
func where(f dhakira.RecordFilter) (cte, from, cond string, args []any) {
	return whereIn(f, false)
}

// whereIn is where; with dense, the place filter is a condition checked
// on each record (EXISTS) instead of the set of matching codes: a list
// whose place holds many of the kind's records is then read in the order
// of the kind's index and stops at its page, where the set of codes
// would have every match looked up and sorted (a governorate's
// documents: 70,000 of them at 1M records, for 50).
func whereIn(f dhakira.RecordFilter, dense bool) (cte, from, cond string, args []any) {
	conds := []string{visible(f.Audience)}
	from = "records r"
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Place != "" {
		args = append(args, f.Place)
		cte = placeSubtree
		if dense {
			// "+rp.place": the record's few places by the primary key,
			// each checked against the subtree, not every place of the
			// subtree probed for the record.
			conds = append(conds, `(EXISTS (SELECT 1 FROM record_places rp WHERE rp.code = r.code AND +rp.place IN (SELECT code FROM sub)) OR r.code IN (SELECT code FROM sub))`)
		} else {
			conds = append(conds, `r.code IN (SELECT rp.code FROM record_places rp WHERE rp.place IN (SELECT code FROM sub) UNION SELECT code FROM sub)`)
		}
	}
	if f.Day != 0 {
		d := arg(f.Day)
		// Events of that one day by the (kind, status, date_first) index, and
		// the few intervals around it by the partial index on intervals.
		conds = append(conds, `r.code IN (
			SELECT d.code FROM records d WHERE d.kind = 'diary' AND `+visibleAs("d", f.Audience)+` AND d.date_first = `+d+` AND d.date_last = `+d+` AND d.day_precise = 1
			UNION SELECT d.code FROM records d WHERE d.day_precise = 1 AND d.date_first <> d.date_last AND d.date_first <= `+d+` AND d.date_last >= `+d+`)`)
	}
	if f.Kind != "" {
		conds = append(conds, "r.kind = "+arg(string(f.Kind)))
	}
	if f.Type != "" {
		conds = append(conds, "r.type = "+arg(f.Type))
	}
	if f.Reliability != "" {
		conds = append(conds, "r.reliability = "+arg(string(f.Reliability)))
	}
	if f.Audience == dhakira.Staff && f.Status != "" {
		conds = append(conds, "r.status = "+arg(string(f.Status)))
	}
	if f.Audience == dhakira.Staff && f.Author != "" {
		conds = append(conds, "r.updated_by = "+arg(f.Author))
	}
	if f.Year != 0 {
		conds = append(conds, "r.date_first <= "+arg(f.Year*10000+1231), "r.date_last >= "+arg(f.Year*10000+101))
	}
	return cte, from, strings.Join(conds, " AND "), args
}

func orderBy(s dhakira.Sort) string {
	switch s {
	case dhakira.SortDate:
		return "r.date_first ASC NULLS LAST, r.date_last DESC, r.code"
	case dhakira.SortNewest:
		return "r.date_first DESC NULLS LAST, r.date_last DESC, r.code"
	case dhakira.SortLatest:
		return "r.created_at DESC, r.code DESC"
	case dhakira.SortUpdated:
		return "r.updated_at DESC, r.code DESC"
	}
	return "r.code"
}

// A list filtered by place, newest or latest first, is read in the order
// of the kind's index (whereIn's dense) when the place holds at least
// denseMatches records and the records read before the page is full —
// about the page's end times the kind's records over the matches — are
// fewer than the matches over denseShare: otherwise every match is looked
// up and sorted. With the counts kept (place_counts), a list in code order
// too, and the records read are weighed against the place's records of
// every kind instead: the set of codes the other way looks up (a
// governorate's 7 counts on its page, each of a set of 100,000 codes: 2.7
// s of CPU at 1M records, 10 ms read in the order of the index). (The
// tests set denseShare 0 to read every list so.)
var (
	denseMatches = 2000
	denseShare   = 4
)

// Records lists the records matching f and the number that match: from
// the counts kept with the data when they answer f, else once per change
// of the archive.
func (s *DB) Records(ctx context.Context, f dhakira.RecordFilter) ([]dhakira.Summary, int, error) {
	limit := min(orDefault(f.Limit, 50), 1000)
	cte, from, cond, args := where(f)
	total, err := s.count(ctx, f, cte+` SELECT COUNT(*) FROM `+from+` WHERE `+cond, args)
	if err != nil {
		return nil, 0, err
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	tree := false
	if f.Place != "" {
		if tree, err = s.placeTree(ctx); err != nil {
			return nil, 0, err
		}
	}
	if f.Place != "" && f.Kind != "" && f.Sort != dhakira.SortDate && f.Sort != dhakira.SortUpdated {
		// The kind's records, and every record of the place whatever its
		// kind (the set of codes the list would otherwise look up and
		// sort), from the kept counts.
		kind := dhakira.RecordFilter{Audience: f.Audience, Kind: f.Kind}
		n, err := s.count(ctx, kind, `SELECT COUNT(*) FROM records r WHERE r.kind = $1 AND `+visible(f.Audience), []any{string(f.Kind)})
		if err != nil {
			return nil, 0, err
		}
		all, kept, err := sqlstore.Counted(ctx, s.db, dhakira.RecordFilter{Audience: dhakira.Staff, Place: f.Place})
		if err != nil {
			return nil, 0, err
		}
		read := (max(f.Offset, 0) + limit) * n * denseShare
		byCode := f.Sort != dhakira.SortNewest && f.Sort != dhakira.SortLatest
		if !byCode && total >= denseMatches && read <= total*total || kept && read <= total*all {
			cte, from, cond, args = whereIn(f, true)
			if byCode {
				cond += " AND r.revision > 0" // the kind's records in code order: records_kind_code
			}
		}
	}
	if tree && cte == placeSubtree {
		cte = placeTreeSubtree
	}
	q := fmt.Sprintf(`%s SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT %d OFFSET %d`, cte, summaryColumns, from, cond, orderBy(f.Sort), limit, max(f.Offset, 0))
	if f.Place == "" {
		// The page's codes first, from the indexes (records_kind_newest,
		// records_kind_created), then their rows: a page deep in a list
		// skips index entries, not rows. (A place's list starts from its
		// records' codes, or is read in the order of the index: dense.)
		q = fmt.Sprintf(`%s SELECT %s FROM records r WHERE r.code IN (SELECT r.code FROM %s WHERE %s ORDER BY %s LIMIT %d OFFSET %d) ORDER BY %s`,
			cte, summaryColumns, from, cond, orderBy(f.Sort), limit, max(f.Offset, 0), orderBy(f.Sort))
	}
	list, err := s.summaries(ctx, q, args...)
	return list, total, err
}

func (s *DB) summaries(ctx context.Context, q string, args ...any) ([]dhakira.Summary, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.Summary
	for rows.Next() {
		sum, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sum)
	}
	return out, rows.Err()
}

// maxInbound bounds how many records linking to one record are listed: an
// organization may issue ten thousand documents.
const maxInbound = 1000

// Related lists the records code links to, in the record's order, then the
// records linking to it, newest first: read in the order of the index on
// (target, date_first) that migration 9 (PostgreSQL: 12) added, so that an
// organization that issued a hundred thousand documents costs its first
// thousand, not a sort of them all. For the public, a record linked to by
// many is also kept once per change of the archive.
func (s *DB) Related(ctx context.Context, code string, a dhakira.Audience) ([]dhakira.Related, error) {
	if a != dhakira.Public {
		return s.related(ctx, code, a)
	}
	seq, err := s.LastChange(ctx)
	if err != nil {
		return nil, err
	}
	if list, ok := s.manyLinked.Get(seq, code); ok {
		return list, nil
	}
	list, err := s.related(ctx, code, a)
	if err == nil {
		s.manyLinked.Keep(seq, code, list)
	}
	return list, err
}

func (s *DB) related(ctx context.Context, code string, a dhakira.Audience) ([]dhakira.Related, error) {
	var out []dhakira.Related
	for _, q := range []struct {
		sql     string
		inverse bool
	}{
		{`SELECT ` + summaryColumns + `, l.rel, l.note FROM links l JOIN records r ON r.code = l.target WHERE l.code = $1 AND ` + visible(a) + ` ORDER BY l.pos`, false},
		{`SELECT ` + summaryColumns + `, l.rel, l.note FROM links l JOIN records r ON r.code = l.code WHERE l.target = $1 AND ` + visible(a) + ` ORDER BY l.date_first DESC NULLS LAST, l.code LIMIT ` + strconv.Itoa(maxInbound), true},
	} {
		rows, err := s.db.QueryContext(ctx, q.sql, code)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			rel := dhakira.Related{Inverse: q.inverse}
			sum, err := scanSummary(rows, &rel.Rel, &rel.Note)
			if err != nil {
				rows.Close()
				return nil, err
			}
			rel.Summary = sum
			out = append(out, rel)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Children lists the records of kind k whose parent is code, in code
// order: as many rows as children, read from records_parent (a partial
// index: the query repeats its condition, a parent not empty). A place's
// page read them from the list of places inside it, which took the set of
// every record inside it (a district's: 100–200 ms of CPU at 1M records).
func (s *DB) Children(ctx context.Context, code string, k dhakira.Kind, a dhakira.Audience, limit int) ([]dhakira.Summary, error) {
	return s.summaries(ctx, `SELECT `+summaryColumns+` FROM records r
		WHERE r.parent = $1 AND r.parent <> '' AND r.kind = $2 AND `+visible(a)+` ORDER BY r.code LIMIT $3`,
		code, string(k), min(orDefault(limit, 1000), 1000))
}

// PlacePath returns the places from the widest ancestor down to code.
func (s *DB) PlacePath(ctx context.Context, code string, a dhakira.Audience) ([]dhakira.Summary, error) {
	// The records are fetched by key (code IN …) and put in order here by
	// following parents: joined to the recursive query instead, SQLite
	// walked every record (40 ms a call at 100k records).
	list, err := s.summaries(ctx, placePathQuery, code)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]dhakira.Summary, len(list))
	for _, p := range list {
		byCode[p.Code] = p
	}
	var path []dhakira.Summary
	for c, n := code, 0; c != "" && n < 33; n++ {
		p, ok := byCode[c]
		if !ok {
			break
		}
		delete(byCode, c) // a cycle of parents ends here
		if a.Sees(p.Status) {
			path = append(path, p)
		}
		c = p.Parent
	}
	slices.Reverse(path)
	return path, nil
}

// placePathQuery selects a place and its ancestors.
const placePathQuery = `WITH RECURSIVE up(code, depth) AS (
	SELECT CAST($1 AS TEXT), 0
	UNION ALL SELECT p.parent, up.depth + 1 FROM records p JOIN up ON p.code = up.code
	WHERE p.parent <> '' AND up.depth < 32)
SELECT ` + summaryColumns + ` FROM records r WHERE r.code IN (SELECT code FROM up)`

// count returns the number of records f matches: from the counts kept
// with the data when they answer f, else by countQuery (with args), once
// per change of the archive.
func (s *DB) count(ctx context.Context, f dhakira.RecordFilter, countQuery string, args []any) (int, error) {
	n, ok, err := sqlstore.Counted(ctx, s.db, f)
	if ok || err != nil {
		return n, err
	}
	v, err := s.figure(ctx, sqlstore.FigureKey(countQuery, args...), func() (any, error) {
		var n int
		err := s.db.QueryRowContext(ctx, countQuery, args...).Scan(&n)
		return n, err
	})
	if err != nil {
		return 0, err
	}
	return v.(int), nil
}

// CountKinds counts records by kind, from the counts kept with the data.
func (s *DB) CountKinds(ctx context.Context, a dhakira.Audience) (map[dhakira.Kind]int, error) {
	rows, err := s.db.QueryContext(ctx, sqlstore.KeptKinds(a))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[dhakira.Kind]int{}
	for rows.Next() {
		var k dhakira.Kind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// CountTypes counts the records of kind k by type, most common first, from
// the counts kept with the data.
func (s *DB) CountTypes(ctx context.Context, k dhakira.Kind, a dhakira.Audience) ([]dhakira.Count, error) {
	rows, err := s.db.QueryContext(ctx, sqlstore.KeptTypes(a), string(k))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.Count
	for rows.Next() {
		var c dhakira.Count
		if err := rows.Scan(&c.Value, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ChronicleNeighbours returns the nearest days before and after day that
// have diary events.
func (s *DB) ChronicleNeighbours(ctx context.Context, day int, a dhakira.Audience) (prev, next int, err error) {
	var p, n sql.NullInt64
	base := `FROM records r WHERE r.kind = 'diary' AND r.day_precise = 1 AND ` + visible(a)
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(r.date_first) `+base+` AND r.date_first < $1`, day).Scan(&p); err != nil {
		return 0, 0, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT MIN(r.date_first) `+base+` AND r.date_first > $1`, day).Scan(&n); err != nil {
		return 0, 0, err
	}
	return int(p.Int64), int(n.Int64), nil
}

const revisionColumns = `code, n, author, created_at, note, changed`

// revisions lists the revisions q selects: revisionColumns, and data too
// when withData, for the revisions to carry their records.
func (s *DB) revisions(ctx context.Context, q string, withData bool, args ...any) ([]dhakira.Revision, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.Revision
	for rows.Next() {
		var rev dhakira.Revision
		var at, changed, data string
		dest := []any{&rev.Code, &rev.N, &rev.Author, &at, &rev.Note, &changed}
		if withData {
			dest = append(dest, &data)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		rev.At = parseTime(at)
		if changed != "" {
			rev.Changed = strings.Split(changed, ",")
		}
		if withData {
			if rev.Record, err = decodeStored(data); err != nil {
				return nil, err
			}
		}
		out = append(out, rev)
	}
	return out, rows.Err()
}

// Revisions lists a record's revisions, oldest first.
func (s *DB) Revisions(ctx context.Context, code string) ([]dhakira.Revision, error) {
	return s.revisions(ctx, `SELECT `+revisionColumns+`, data FROM revisions WHERE code = $1 ORDER BY n`, true, code)
}

// Revision returns revision n of the record code.
func (s *DB) Revision(ctx context.Context, code string, n int) (*dhakira.Revision, error) {
	list, err := s.revisions(ctx, `SELECT `+revisionColumns+`, data FROM revisions WHERE code = $1 AND n = $2`, true, code, n)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, dhakira.Errorf(dhakira.ENOTFOUND, "no revision %d of %q", n, code)
	}
	return &list[0], nil
}

// RecentRevisions lists the newest revisions across the archive, newest
// first, without their records; limit 0 means 50.
func (s *DB) RecentRevisions(ctx context.Context, limit int) ([]dhakira.Revision, error) {
	return s.revisions(ctx, `SELECT `+revisionColumns+` FROM revisions ORDER BY id DESC LIMIT $1`, false, orDefault(limit, 50))
}

// KindsOf returns the kinds of those of codes that exist.
func (s *DB) KindsOf(ctx context.Context, codes []string) (map[string]dhakira.Kind, error) {
	out := make(map[string]dhakira.Kind)
	const chunk = 500
	for i := 0; i < len(codes); i += chunk {
		part := codes[i:min(i+chunk, len(codes))]
		ph := make([]string, len(part))
		args := make([]any, len(part))
		for j, c := range part {
			ph[j] = "$" + strconv.Itoa(j+1)
			args[j] = c
		}
		rows, err := s.db.QueryContext(ctx, `SELECT code, kind FROM records WHERE code IN (`+strings.Join(ph, ",")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c string
			var k dhakira.Kind
			if err := rows.Scan(&c, &k); err != nil {
				rows.Close()
				return nil, err
			}
			out[c] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Dump streams the stored canonical JSON of every record of kind k.
func (s *DB) Dump(ctx context.Context, k dhakira.Kind, a dhakira.Audience, fn func([]byte) error) error {
	// The + keeps SQLite from reading the records through the status
	// index, which then sorts them all (seconds at 100k records, before the
	// first one comes out): in code order they stream.
	q := `SELECT v.data FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision WHERE +` + visible(a)
	var args []any
	if k != "" {
		q += ` AND r.kind = $1`
		args = append(args, string(k))
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY r.code`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var data []byte
	for rows.Next() {
		if err := rows.Scan(&data); err != nil {
			return err
		}
		if err := fn(data); err != nil {
			return err
		}
	}
	return rows.Err()
}

// DumpLinked streams every record the audience may see, in code order,
// with the names of the records it links to. The names come from a second
// query beside the first, over the links in the same order (their primary
// key), each joined to its target by key: a merge of two streams, where
// Related per record would prepare and run two queries for each.
func (s *DB) DumpLinked(ctx context.Context, a dhakira.Audience, fn func([]byte, []dhakira.LinkedName) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	recs, err := s.db.QueryContext(ctx, `SELECT r.code, v.data FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision WHERE +`+
		visible(a)+` ORDER BY r.code`)
	if err != nil {
		return err
	}
	defer recs.Close()
	// CROSS JOIN keeps SQLite walking the links in key order, looking up
	// each target, rather than the targets by status and sorting.
	links, err := s.db.QueryContext(ctx, `SELECT l.code, t.code, t.title_ar, t.title_en, t.aliases FROM links l CROSS JOIN records t ON t.code = l.target WHERE `+
		visibleAs("t", a)+` ORDER BY l.code, l.pos`)
	if err != nil {
		return err
	}
	defer links.Close()
	return mergeLinked(recs, links, fn)
}

// mergeLinked calls fn with each record of recs (code, data) and the
// linked names of links (code, target code, titles, aliases) whose code
// is the record's, both ordered by code.
//
// A record's data is scanned into a string, which the driver made for
// the row and which is not copied again (into a []byte it would be: the
// lines of a rebuild are 3 kB each), and given to fn as the bytes of
// that string: fn must not change them.
func mergeLinked(recs, links *sql.Rows, fn func([]byte, []dhakira.LinkedName) error) error {
	var (
		code, from, aliases, data string
		next                      dhakira.LinkedName
		have                      bool // next holds a row of links not given yet
	)
	more := links.Next()
	for recs.Next() {
		if err := recs.Scan(&code, &data); err != nil {
			return err
		}
		var linked []dhakira.LinkedName
		for more {
			if !have {
				if err := links.Scan(&from, &next.Code, &next.Title.AR, &next.Title.EN, &aliases); err != nil {
					return err
				}
				next.Aliases = nil
				if aliases != "" {
					next.Aliases = strings.Split(aliases, "\n")
				}
				have = true
			}
			if from > code {
				break
			}
			if from == code {
				linked = append(linked, next)
			}
			have = false
			more = links.Next()
		}
		if err := fn(unsafe.Slice(unsafe.StringData(data), len(data)), linked); err != nil {
			return err
		}
	}
	if err := recs.Err(); err != nil {
		return err
	}
	return links.Err()
}

// Changes lists the revisions committed after seq.
func (s *DB) Changes(ctx context.Context, after int64, limit int) ([]dhakira.Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, n FROM revisions WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.Change
	for rows.Next() {
		var c dhakira.Change
		if err := rows.Scan(&c.Seq, &c.Code, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LastChange is the id of the newest revision.
func (s *DB) LastChange(ctx context.Context) (int64, error) {
	var seq sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(id) FROM revisions`).Scan(&seq)
	return seq.Int64, err
}

// Dependents lists the records whose search documents carry code's names.
func (s *DB) Dependents(ctx context.Context, code string, limit int) ([]string, error) {
	return s.queryCodes(ctx, placeSubtree+`
		SELECT l.code FROM links l WHERE l.target = $1
		UNION SELECT rp.code FROM record_places rp WHERE rp.place IN (SELECT code FROM sub)
		UNION SELECT code FROM sub WHERE code <> $1
		ORDER BY 1 LIMIT `+strconv.Itoa(limit), code)
}

func (s *DB) queryCodes(ctx context.Context, query string, args ...any) ([]string, error) {
	return sqlstore.QueryCodes(ctx, s.db, query, args...)
}
