package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	err := s.db.QueryRowContext(ctx, `
		SELECT r.revision, r.created_at, r.updated_at, v.data
		FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision
		WHERE r.code = $1 AND `+visible(a), code).Scan(&info.Revision, &created, &updated, &data)
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

func decodeStored(data string) (*dhakira.Record, error) { return sqlstore.DecodeStored(data) }

// placeSubtree is a recursive query naming the place $1 and every place
// inside it; UNION (not UNION ALL) ends even on a cycle of parents.
const placeSubtree = `WITH RECURSIVE sub(code) AS (
	SELECT CAST($1 AS TEXT) COLLATE "C"
	UNION SELECT p.code FROM records p JOIN sub ON p.parent = sub.code WHERE p.parent <> '' AND p.kind = 'place')`

// where builds the query parts of f: common table expressions, the tables
// to select from, and the WHERE condition, numbering arguments from $1.
// The place filter is "code IN (subquery)": the matching codes are looked
// up by the primary key, instead of scanning every record of the kind.
func where(f dhakira.RecordFilter) (cte, from, cond string, args []any) {
	return whereIn(f, false)
}

// whereIn is where; with dense, the place filter is a condition checked
// on each record instead of the set of matching codes: the record's few
// places looked up in place_tree (which must hold every place's subtree:
// see Records), so that a list whose place holds many of the kind's
// records is read in the order of the kind's index and stops at its
// page. OFFSET 0 keeps each EXISTS a probe per record: without it the
// planner turns it into the hashed set of every record of the place,
// built before the first row (a governorate's documents at 100k records:
// 6,790 rows of record_places joined, where the page needed 563 probes).
// A record that is itself a place is in the place when place_tree says
// so; other kinds never are.
func whereIn(f dhakira.RecordFilter, dense bool) (cte, from, cond string, args []any) {
	conds := []string{visible(f.Audience)}
	from = "records r"
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	switch {
	case f.Place != "" && dense:
		p := arg(f.Place)
		in := `EXISTS (SELECT 1 FROM record_places rp JOIN place_tree t ON t.place = rp.place WHERE rp.code = r.code AND t.ancestor = ` + p + ` OFFSET 0)`
		if f.Kind == "" || f.Kind == dhakira.KindPlace {
			in = `(` + in + ` OR EXISTS (SELECT 1 FROM place_tree t WHERE t.place = r.code AND t.ancestor = ` + p + ` OFFSET 0))`
		}
		conds = append(conds, in)
	case f.Place != "":
		args = append(args, f.Place)
		cte = placeSubtree
		conds = append(conds, `r.code IN (SELECT rp.code FROM record_places rp WHERE rp.place IN (SELECT code FROM sub) UNION SELECT code FROM sub)`)
	}
	if f.Day != 0 {
		d := arg(f.Day)
		// Events of that one day by the (kind, status, date_first, …)
		// index, and the few intervals around it by the partial index on
		// intervals, each a bitmap of the rows, ORed: as "code IN (a UNION
		// b)", the planner joined the few codes to every record.
		conds = append(conds, `((r.kind = 'diary' AND r.date_first = `+d+` AND r.date_last = `+d+` AND r.day_precise = 1)
			OR (r.day_precise = 1 AND r.date_first <> r.date_last AND r.date_first <= `+d+` AND r.date_last >= `+d+`))`)
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

// placeTreeSubtree is placeSubtree read from place_tree, which the
// triggers of migration 13 keep: one range of an index instead of a walk
// down the places. It is the same set unless a cycle of places was cut
// (counts_state.places_stale).
const placeTreeSubtree = `WITH sub(code) AS (
	SELECT CAST($1 AS TEXT) COLLATE "C"
	UNION SELECT place FROM place_tree WHERE ancestor = $1)`

// Records lists the records matching f and the number that match: from
// the counts kept with the data when they answer f, else once per change
// of the archive.
func (s *DB) Records(ctx context.Context, f dhakira.RecordFilter) ([]dhakira.Summary, int, error) {
	limit := min(orDefault(f.Limit, 50), 1000)
	cte, from, cond, args := where(f)
	total, ok, err := sqlstore.Counted(ctx, s.db, f)
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		countQuery := cte + ` SELECT COUNT(*) FROM ` + from + ` WHERE ` + cond
		v, err := s.figure(ctx, sqlstore.FigureKey(countQuery, args...), func() (any, error) {
			var n int
			err := s.db.QueryRowContext(ctx, countQuery, args...).Scan(&n)
			return n, err
		})
		if err != nil {
			return nil, 0, err
		}
		total = v.(int)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	dense, err := s.dense(ctx, f, limit, total)
	if err != nil {
		return nil, 0, err
	}
	if dense {
		cte, from, cond, args = whereIn(f, true)
	}
	if cte == placeSubtree {
		var stale int
		if err := s.db.QueryRowContext(ctx, `SELECT places_stale FROM counts_state`).Scan(&stale); err != nil {
			return nil, 0, err
		}
		if stale == 0 {
			cte = placeTreeSubtree
		}
	}
	// The page's codes first, from the indexes (records_code_cover), then
	// their rows: a filter matching thousands reads thousands of index
	// entries, not thousands of rows.
	q := fmt.Sprintf(`%s SELECT %s FROM records r WHERE r.code IN (SELECT r.code FROM %s WHERE %s ORDER BY %s LIMIT %d OFFSET %d) ORDER BY %s`,
		cte, summaryColumns, from, cond, orderBy(f.Sort), limit, max(f.Offset, 0), orderBy(f.Sort))
	list, err := s.summaries(ctx, q, args...)
	return list, total, err
}

// A list filtered by place is read in the order of the kind's index
// (whereIn's dense) when the records read before its page is full —
// about the page's end times the kind's records over the list's — are
// fewer than the records of the place, of every kind, over denseShare:
// the set of codes the list would otherwise look up and sort. Measured at
// 100k records (psql, at load 7), a governorate's documents newest first:
// page 1 walked 563 index entries in 30 ms against 100 ms for the set of
// its 6,790 records; page 21, about 12,000 entries, 135–240 ms against
// 96–151 ms. (The tests set denseShare 0 to read every list so, and 1<<30
// to read none.)
var denseShare = 4

// dense reports whether f's list of total records, limit a page, is read
// in the order of the kind's index. The counts kept with the data must
// answer for the place (a place of the archive, no cycle of places cut:
// place_tree then holds its subtree, which dense reads), and the list's
// order must be that of an index of the kind for the audience: the
// public's lists (published), or the team's of one status; in code order,
// any.
func (s *DB) dense(ctx context.Context, f dhakira.RecordFilter, limit, total int) (bool, error) {
	if f.Place == "" || f.Kind == "" || f.Sort == dhakira.SortUpdated {
		return false, nil
	}
	byCode := f.Sort != dhakira.SortNewest && f.Sort != dhakira.SortLatest && f.Sort != dhakira.SortDate
	if !byCode && f.Audience == dhakira.Staff && f.Status == "" {
		return false, nil
	}
	all, kept, err := sqlstore.Counted(ctx, s.db, dhakira.RecordFilter{Audience: dhakira.Staff, Place: f.Place})
	if err != nil || !kept {
		return false, err
	}
	n, _, err := sqlstore.Counted(ctx, s.db, dhakira.RecordFilter{Audience: f.Audience, Status: f.Status, Kind: f.Kind})
	if err != nil {
		return false, err
	}
	return (max(f.Offset, 0)+limit)*n*denseShare <= total*all, nil
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
	SELECT CAST($1 AS TEXT) COLLATE "C", 0
	UNION ALL SELECT p.parent, up.depth + 1 FROM records p JOIN up ON p.code = up.code
	WHERE p.parent <> '' AND up.depth < 32)
SELECT ` + summaryColumns + ` FROM records r WHERE r.code IN (SELECT code FROM up)`

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

// Dump streams the stored canonical JSON of every record of kind k, a page
// of codes at a time: each page walks the records' key and looks each
// revision up by its own, where one query over the whole archive would be
// planned as a join of everything and a sort of every record's JSON.
func (s *DB) Dump(ctx context.Context, k dhakira.Kind, a dhakira.Audience, fn func([]byte) error) error {
	q := `SELECT r.code, v.data FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision WHERE r.code > $1 AND v.code > $1 AND ` + visible(a)
	args := []any{"", dumpPage}
	if k != "" {
		q += ` AND r.kind = $3`
		args = append(args, string(k))
	}
	q += ` ORDER BY r.code LIMIT $2`
	for {
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n := 0
		var code string
		var data []byte
		for rows.Next() {
			if err := rows.Scan(&code, &data); err != nil {
				rows.Close()
				return err
			}
			n++
			if err := fn(data); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n < dumpPage {
			return nil
		}
		args[0] = code
	}
}

// DumpLinked streams every record the audience may see, in code order,
// with the names of the records it links to: a page of records, then the
// links of that page's codes joined to their targets in one query.
func (s *DB) DumpLinked(ctx context.Context, a dhakira.Audience, fn func([]byte, []dhakira.LinkedName) error) error {
	recs := `SELECT r.code, v.data FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision WHERE r.code > $1 AND v.code > $1 AND ` +
		visible(a) + ` ORDER BY r.code LIMIT $2`
	links := `SELECT l.code, t.code, t.title_ar, t.title_en, t.aliases FROM links l JOIN records t ON t.code = l.target
		WHERE l.code > $1 AND l.code <= $2 AND ` + visibleAs("t", a) + ` ORDER BY l.code, l.pos`
	type rec struct {
		code string
		data []byte
	}
	after := ""
	for {
		rows, err := s.db.QueryContext(ctx, recs, after, dumpPage)
		if err != nil {
			return err
		}
		var page []rec
		for rows.Next() {
			var r rec
			if err := rows.Scan(&r.code, &r.data); err != nil {
				rows.Close()
				return err
			}
			page = append(page, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		last := page[len(page)-1].code
		names := map[string][]dhakira.LinkedName{}
		rows, err = s.db.QueryContext(ctx, links, after, last)
		if err != nil {
			return err
		}
		for rows.Next() {
			var from, aliases string
			var n dhakira.LinkedName
			if err := rows.Scan(&from, &n.Code, &n.Title.AR, &n.Title.EN, &aliases); err != nil {
				rows.Close()
				return err
			}
			if aliases != "" {
				n.Aliases = strings.Split(aliases, "\n")
			}
			names[from] = append(names[from], n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range page {
			if err := fn(r.data, names[r.code]); err != nil {
				return err
			}
		}
		if len(page) < dumpPage {
			return nil
		}
		after = last
	}
}

// dumpPage is how many records one query of Dump reads.
const dumpPage = 1000

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
