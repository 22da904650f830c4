package sqlite

// migrations are applied in order, each once, each in its own transaction.
// Append only: a released migration is never edited.
var migrations = []string{
	// 1: records, their revisions, places, links and code counters.
	`
CREATE TABLE records (
	code        TEXT PRIMARY KEY,
	kind        TEXT NOT NULL,
	status      TEXT NOT NULL,
	reliability TEXT NOT NULL,
	type        TEXT NOT NULL DEFAULT '',
	date        TEXT NOT NULL DEFAULT '',
	date_first  INTEGER,
	date_last   INTEGER,
	day_precise INTEGER NOT NULL DEFAULT 0,
	title_ar    TEXT NOT NULL DEFAULT '',
	title_en    TEXT NOT NULL DEFAULT '',
	parent      TEXT NOT NULL DEFAULT '',
	aliases     TEXT NOT NULL DEFAULT '',
	revision    INTEGER NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX records_kind_date ON records (kind, status, date_first);
CREATE INDEX records_created ON records (created_at);
CREATE INDEX records_parent ON records (parent) WHERE parent <> '';
CREATE INDEX records_intervals ON records (date_first) WHERE day_precise = 1 AND date_first <> date_last;

CREATE TABLE revisions (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	code       TEXT NOT NULL,
	n          INTEGER NOT NULL,
	author     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	changed    TEXT NOT NULL DEFAULT '',
	data       TEXT NOT NULL,
	UNIQUE (code, n)
);

CREATE TABLE record_places (
	code  TEXT NOT NULL,
	place TEXT NOT NULL,
	PRIMARY KEY (code, place)
) WITHOUT ROWID;
CREATE INDEX record_places_place ON record_places (place);

CREATE TABLE links (
	code   TEXT NOT NULL,
	pos    INTEGER NOT NULL,
	rel    TEXT NOT NULL,
	target TEXT NOT NULL,
	note   TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (code, pos)
) WITHOUT ROWID;
CREATE INDEX links_target ON links (target);

CREATE TABLE code_counters (
	prefix TEXT PRIMARY KEY,
	last   INTEGER NOT NULL
);
`,
	// 2: the back office: who last changed a record, the team's accounts,
	// their sessions and API tokens, readers' corrections, the audit log.
	`
ALTER TABLE records ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
UPDATE records SET updated_by = (SELECT v.author FROM revisions v WHERE v.code = records.code AND v.n = records.revision);
CREATE INDEX records_status_updated ON records (status, updated_at);
CREATE INDEX records_updated_by ON records (updated_by, updated_at);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
	hash       TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL,
	expires_at TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tokens (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id      INTEGER NOT NULL,
	name         TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE,
	created_at   TEXT NOT NULL,
	last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE feedback (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	code       TEXT NOT NULL,
	lang       TEXT NOT NULL DEFAULT '',
	message    TEXT NOT NULL,
	name       TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL,
	revision   INTEGER NOT NULL DEFAULT 0,
	reply      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX feedback_status ON feedback (status, created_at);
CREATE INDEX feedback_code ON feedback (code);

-- Append only: nothing in the program updates or deletes a row of it.
CREATE TABLE audit (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL,
	target TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
`,
	// 3: OAI-PMH harvesting: changes by time (from/until), a kind's records
	// in code order. The second is partial so that only the harvest, which
	// names its condition, uses it: other queries keep their plans.
	`
CREATE INDEX revisions_created ON revisions (created_at, id);
CREATE INDEX records_kind_code ON records (kind, code) WHERE revision > 0;
`,
	// 4: recent events by key, for rate limits shared by every process.
	`
CREATE TABLE events (
	key TEXT NOT NULL,
	at  TEXT NOT NULL
);
CREATE INDEX events_key ON events (key, at);
CREATE INDEX events_at ON events (at);
`,
	// 5: an import in progress, written in batches beside the archive and
	// moved into it by one short transaction at its commit: no reader ever
	// looks here. import_codes are the codes the import brings, which
	// codes assigned meanwhile skip.
	`
CREATE TABLE import_records (
	seq         INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	kind        TEXT NOT NULL,
	status      TEXT NOT NULL,
	reliability TEXT NOT NULL,
	type        TEXT NOT NULL,
	date        TEXT NOT NULL,
	date_first  INTEGER,
	date_last   INTEGER,
	day_precise INTEGER NOT NULL,
	title_ar    TEXT NOT NULL,
	title_en    TEXT NOT NULL,
	parent      TEXT NOT NULL,
	aliases     TEXT NOT NULL,
	replaces    INTEGER NOT NULL,
	changed     TEXT NOT NULL,
	data        TEXT NOT NULL
);
CREATE TABLE import_places (
	code  TEXT NOT NULL,
	place TEXT NOT NULL,
	PRIMARY KEY (code, place)
) WITHOUT ROWID;
CREATE TABLE import_links (
	code   TEXT NOT NULL,
	pos    INTEGER NOT NULL,
	rel    TEXT NOT NULL,
	target TEXT NOT NULL,
	note   TEXT NOT NULL,
	PRIMARY KEY (code, pos)
) WITHOUT ROWID;
CREATE TABLE import_codes (code TEXT PRIMARY KEY) WITHOUT ROWID;
`,
	// 6: files. record_files holds the files of each record's current
	// revision (the revisions keep them all), for the question every door
	// asks before it gives a file out: does a published record carry it?
	// media_jobs is the durable queue of work on files, leased to one
	// worker at a time.
	`
CREATE TABLE record_files (
	code   TEXT NOT NULL,
	pos    INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	PRIMARY KEY (code, pos)
) WITHOUT ROWID;
CREATE INDEX record_files_sha ON record_files (sha256);
CREATE TABLE import_files (
	code   TEXT NOT NULL,
	pos    INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	PRIMARY KEY (code, pos)
) WITHOUT ROWID;

CREATE TABLE media_jobs (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	sha256      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	state       TEXT NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	lease_until TEXT NOT NULL DEFAULT '',
	error       TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	UNIQUE (sha256, kind)
);
CREATE INDEX media_jobs_state ON media_jobs (state, id);
`,
	// 7: the latest records of a kind (the home page) read in the index's
	// order: without it, SQLite sorted every record of the kind per page,
	// and an import's records all share one creation time.
	`
CREATE INDEX records_kind_created ON records (kind, status, created_at, code);
`,
	// 8: what the worker that did a media job could do, so that a job
	// done without a tool is done again once the tool is installed.
	`
ALTER TABLE media_jobs ADD COLUMN tools INTEGER NOT NULL DEFAULT 0;
`,
	// 9: the records linking to one, newest first, read in the order of
	// an index: each link carries the date of the record it is from,
	// kept by triggers whichever writes the link or the record first.
	// Without it, the page of an organization linked to by thousands of
	// records sorted them all to list the newest thousand.
	`
ALTER TABLE links ADD COLUMN date_first INTEGER;
UPDATE links SET date_first = (SELECT r.date_first FROM records r WHERE r.code = links.code);
CREATE INDEX links_target_date ON links (target, date_first DESC, code);
DROP INDEX links_target;
CREATE TRIGGER links_date_on_link AFTER INSERT ON links BEGIN
	UPDATE links SET date_first = (SELECT r.date_first FROM records r WHERE r.code = NEW.code) WHERE code = NEW.code AND pos = NEW.pos;
END;
CREATE TRIGGER links_date_on_insert AFTER INSERT ON records BEGIN
	UPDATE links SET date_first = NEW.date_first WHERE code = NEW.code;
END;
CREATE TRIGGER links_date_on_update AFTER UPDATE OF date_first ON records WHEN OLD.date_first IS NOT NEW.date_first BEGIN
	UPDATE links SET date_first = NEW.date_first WHERE code = NEW.code;
END;
`,
	// 10: the lists by date, newest first (the dated kinds' default),
	// in the full order of an index that holds every column they sort
	// by: a page deep in the list skips index entries, not rows (a
	// diary's page 7,000 at 1M records read 350,000 rows, 3 s of CPU),
	// and no page sorts the records of one date. It serves everything
	// records_kind_date served.
	`
CREATE INDEX records_kind_newest ON records (kind, status, date_first DESC, date_last DESC, code);
DROP INDEX records_kind_date;
`,
	// 11: archive-wide counts kept with the data by triggers, so that no
	// page counts rows: records by kind, status, type and reliability
	// (the home page, a kind's list and its types), and by place — a
	// place's records with those of every place inside it, each record
	// once, as a list filtered by place shows them — by kind and status.
	// place_tree holds, for each place, itself and the codes up its chain
	// of parents (the last one may be a code that is not a place yet: its
	// places join whatever it becomes). counts_state.places_stale says a
	// cycle of parents was cut, which the tree cannot follow: place counts
	// are then recounted by the pages instead; counts_state.bulk is set
	// only inside an import's commit, which counts its places in one
	// statement (importPlaceCounts).
	`
CREATE TABLE record_counts (
	kind        TEXT NOT NULL,
	status      TEXT NOT NULL,
	type        TEXT NOT NULL,
	reliability TEXT NOT NULL,
	n           INTEGER NOT NULL,
	PRIMARY KEY (kind, status, type, reliability)
) WITHOUT ROWID;
INSERT INTO record_counts (kind, status, type, reliability, n)
	SELECT kind, status, type, reliability, COUNT(*) FROM records GROUP BY kind, status, type, reliability;

CREATE TABLE place_tree (
	place    TEXT NOT NULL,
	ancestor TEXT NOT NULL,
	PRIMARY KEY (place, ancestor)
) WITHOUT ROWID;
CREATE INDEX place_tree_ancestor ON place_tree (ancestor, place);
WITH RECURSIVE up(place, ancestor) AS (
	SELECT code, code FROM records WHERE kind = 'place'
	UNION SELECT up.place, p.parent FROM up JOIN records p ON p.code = up.ancestor WHERE p.kind = 'place' AND p.parent <> '')
INSERT INTO place_tree (place, ancestor) SELECT place, ancestor FROM up;

CREATE TABLE place_counts (
	place  TEXT NOT NULL,
	kind   TEXT NOT NULL,
	status TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (place, kind, status)
) WITHOUT ROWID;
INSERT INTO place_counts (place, kind, status, n)
	SELECT x.ancestor, r.kind, r.status, COUNT(*) FROM (
		SELECT rp.code, t.ancestor FROM record_places rp JOIN place_tree t ON t.place = rp.place
		UNION SELECT place, ancestor FROM place_tree) x
	JOIN records r ON r.code = x.code GROUP BY x.ancestor, r.kind, r.status;

CREATE TABLE counts_state (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	places_stale INTEGER NOT NULL,
	bulk         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO counts_state (id, places_stale) VALUES (1, 0);

CREATE TRIGGER counts_on_insert AFTER INSERT ON records BEGIN
	INSERT INTO record_counts (kind, status, type, reliability, n) VALUES (NEW.kind, NEW.status, NEW.type, NEW.reliability, 1)
		ON CONFLICT (kind, status, type, reliability) DO UPDATE SET n = n + 1;
	INSERT INTO place_counts (place, kind, status, n)
		SELECT DISTINCT t.ancestor, NEW.kind, NEW.status, 1 FROM record_places rp JOIN place_tree t ON t.place = rp.place
		WHERE rp.code = NEW.code AND NOT EXISTS (SELECT 1 FROM place_tree u WHERE u.place = NEW.code AND u.ancestor = t.ancestor)
		ON CONFLICT (place, kind, status) DO UPDATE SET n = n + 1;
END;

-- Whichever of the two runs first, a place's counts hold it once.
CREATE TRIGGER place_on_insert AFTER INSERT ON records WHEN NEW.kind = 'place' BEGIN
	INSERT OR IGNORE INTO place_tree (place, ancestor) VALUES (NEW.code, NEW.code);
	INSERT OR IGNORE INTO place_tree (place, ancestor)
		SELECT d.place, a.ancestor FROM place_tree d, (` + placeAncestors("NEW.parent") + `) a
		WHERE d.ancestor = NEW.code;
END;

CREATE TRIGGER counts_on_update AFTER UPDATE OF status, type, reliability, parent ON records
WHEN OLD.status IS NOT NEW.status OR OLD.type IS NOT NEW.type OR OLD.reliability IS NOT NEW.reliability OR OLD.parent IS NOT NEW.parent BEGIN
	UPDATE record_counts SET n = n - 1 WHERE kind = OLD.kind AND status = OLD.status AND type = OLD.type AND reliability = OLD.reliability;
	INSERT INTO record_counts (kind, status, type, reliability, n) VALUES (NEW.kind, NEW.status, NEW.type, NEW.reliability, 1)
		ON CONFLICT (kind, status, type, reliability) DO UPDATE SET n = n + 1;
	UPDATE place_counts SET n = n - 1
		WHERE OLD.status <> NEW.status AND kind = OLD.kind AND status = OLD.status AND place IN (` + placesOf("NEW.code") + `);
	INSERT INTO place_counts (place, kind, status, n)
		SELECT a.ancestor, NEW.kind, NEW.status, 1 FROM (` + placesOf("NEW.code") + `) a WHERE OLD.status <> NEW.status
		ON CONFLICT (place, kind, status) DO UPDATE SET n = n + 1;
	UPDATE counts_state SET places_stale = 1
		WHERE NEW.kind = 'place' AND OLD.parent <> NEW.parent AND EXISTS (SELECT 1 FROM place_tree WHERE place = OLD.parent AND ancestor = NEW.code);
	DELETE FROM place_tree WHERE NEW.kind = 'place' AND OLD.parent <> NEW.parent
		AND place IN (SELECT place FROM place_tree WHERE ancestor = NEW.code)
		AND ancestor IN (SELECT ancestor FROM place_tree WHERE place = NEW.code AND ancestor <> NEW.code);
	INSERT OR IGNORE INTO place_tree (place, ancestor)
		SELECT d.place, a.ancestor FROM place_tree d, (` + placeAncestors("NEW.parent") + `) a
		WHERE d.ancestor = NEW.code AND NEW.kind = 'place' AND OLD.parent <> NEW.parent;
END;

CREATE TRIGGER counts_on_delete AFTER DELETE ON records BEGIN
	UPDATE record_counts SET n = n - 1 WHERE kind = OLD.kind AND status = OLD.status AND type = OLD.type AND reliability = OLD.reliability;
	UPDATE place_counts SET n = n - 1 WHERE kind = OLD.kind AND status = OLD.status AND place IN (` + placesOf("OLD.code") + `);
	UPDATE counts_state SET places_stale = 1
		WHERE OLD.kind = 'place' AND EXISTS (SELECT 1 FROM place_tree WHERE place = OLD.parent AND ancestor = OLD.code);
	DELETE FROM place_tree WHERE OLD.kind = 'place'
		AND place IN (SELECT place FROM place_tree WHERE ancestor = OLD.code)
		AND ancestor IN (SELECT ancestor FROM place_tree WHERE place = OLD.code AND ancestor <> OLD.code);
	DELETE FROM place_tree WHERE place = OLD.code;
END;

-- Not while an import's commit places its records (counts_state.bulk,
-- set and cleared inside its transaction): it counts them all at once.
CREATE TRIGGER counts_on_place AFTER INSERT ON record_places WHEN (SELECT bulk FROM counts_state) = 0 BEGIN
	INSERT INTO place_counts (place, kind, status, n)
		SELECT t.ancestor, r.kind, r.status, 1 FROM records r JOIN place_tree t ON t.place = NEW.place
		WHERE r.code = NEW.code AND t.ancestor NOT IN (` + otherPlaces("NEW.code", "NEW.place") + `)
		AND NOT (r.kind = 'place' AND EXISTS (SELECT 1 FROM place_tree u WHERE u.place = NEW.code AND u.ancestor = t.ancestor))
		ON CONFLICT (place, kind, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER counts_on_unplace AFTER DELETE ON record_places BEGIN
	UPDATE place_counts SET n = n - 1 WHERE (place, kind, status) IN (
		SELECT t.ancestor, r.kind, r.status FROM records r JOIN place_tree t ON t.place = OLD.place
		WHERE r.code = OLD.code AND t.ancestor NOT IN (` + otherPlaces("OLD.code", "OLD.place") + `)
		AND NOT (r.kind = 'place' AND EXISTS (SELECT 1 FROM place_tree u WHERE u.place = OLD.code AND u.ancestor = t.ancestor)));
END;

CREATE TRIGGER counts_on_tree AFTER INSERT ON place_tree BEGIN
	INSERT INTO place_counts (place, kind, status, n)
		SELECT NEW.ancestor, r.kind, r.status, COUNT(*) FROM records r
		WHERE r.code IN (SELECT rp.code FROM record_places rp WHERE rp.place = NEW.place UNION SELECT NEW.place)
		AND NOT ` + placedElsewhere("r.code", "NEW.ancestor", "NEW.place", true) + `
		GROUP BY r.kind, r.status
		ON CONFLICT (place, kind, status) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER counts_on_untree AFTER DELETE ON place_tree BEGIN
	UPDATE place_counts SET n = n - (SELECT COUNT(*) FROM records r
		WHERE r.kind = place_counts.kind AND r.status = place_counts.status
		AND r.code IN (SELECT rp.code FROM record_places rp WHERE rp.place = OLD.place UNION SELECT OLD.place)
		AND NOT ` + placedElsewhere("r.code", "OLD.ancestor", "OLD.place", true) + `)
	WHERE place = OLD.ancestor;
END;
`,
	// 12: an import's revisions written before its commit. Their JSON goes
	// into revision_bodies as the import's batches are written, and the
	// commit adds the revisions' rows (the change feed's Seq, the
	// datestamp) pointing at it by body instead of copying it: the
	// copy was the largest part of the commit that holds the write lock
	// (50,000 records: 5.8 of 10–16 s, most of 222 MB of WAL). revisions
	// becomes a view over revision_rows that reads the JSON from either
	// place, so every reader is as it was; import_state.committed says
	// whether the bodies the import tables point at belong to the archive
	// (committed) or to an import to be cleared.
	`
CREATE TABLE revision_bodies (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
ALTER TABLE revisions RENAME TO revision_rows;
ALTER TABLE revision_rows ADD COLUMN body INTEGER;
CREATE VIEW revisions AS SELECT v.id AS id, v.code AS code, v.n AS n, v.author AS author, v.created_at AS created_at, v.note AS note, v.changed AS changed,
	CASE WHEN v.body IS NULL THEN v.data ELSE (SELECT b.data FROM revision_bodies b WHERE b.id = v.body) END AS data
	FROM revision_rows v;
-- Writers of revisions' rows with their JSON may still insert into the view.
CREATE TRIGGER revisions_insert INSTEAD OF INSERT ON revisions BEGIN
	INSERT INTO revision_rows (id, code, n, author, created_at, note, changed, data) VALUES (NEW.id, NEW.code, NEW.n, NEW.author, NEW.created_at, COALESCE(NEW.note, ''), COALESCE(NEW.changed, ''), NEW.data);
END;
ALTER TABLE import_records ADD COLUMN body INTEGER;
CREATE TABLE import_state (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	committed INTEGER NOT NULL
);
INSERT INTO import_state (id, committed) VALUES (1, 0);
`,
	// 13: an import's commit writes its links with their records' dates
	// and counts its new records by kind, status, type and reliability in
	// one grouped statement, these per-row triggers waiting meanwhile
	// (counts_state.bulk, set only inside the commit): at 50,000 records
	// the links' trigger, which rewrote each link and its index entry
	// just inserted, made the links about half of the commit.
	`
DROP TRIGGER links_date_on_link;
CREATE TRIGGER links_date_on_link AFTER INSERT ON links WHEN (SELECT bulk FROM counts_state) = 0 BEGIN
	UPDATE links SET date_first = (SELECT r.date_first FROM records r WHERE r.code = NEW.code) WHERE code = NEW.code AND pos = NEW.pos;
END;
DROP TRIGGER links_date_on_insert;
CREATE TRIGGER links_date_on_insert AFTER INSERT ON records WHEN (SELECT bulk FROM counts_state) = 0 BEGIN
	UPDATE links SET date_first = NEW.date_first WHERE code = NEW.code;
END;
DROP TRIGGER counts_on_insert;
CREATE TRIGGER counts_on_insert AFTER INSERT ON records WHEN (SELECT bulk FROM counts_state) = 0 BEGIN
	INSERT INTO record_counts (kind, status, type, reliability, n) VALUES (NEW.kind, NEW.status, NEW.type, NEW.reliability, 1)
		ON CONFLICT (kind, status, type, reliability) DO UPDATE SET n = n + 1;
	INSERT INTO place_counts (place, kind, status, n)
		SELECT DISTINCT t.ancestor, NEW.kind, NEW.status, 1 FROM record_places rp JOIN place_tree t ON t.place = rp.place
		WHERE rp.code = NEW.code AND NOT EXISTS (SELECT 1 FROM place_tree u WHERE u.place = NEW.code AND u.ancestor = t.ancestor)
		ON CONFLICT (place, kind, status) DO UPDATE SET n = n + 1;
END;
`,
	// 14: an import's links carry their record's date from the batch that
	// writes them, so that its commit, which holds the write lock, copies
	// them without looking their record up in import_records, two B-tree
	// searches a link (links_date_on_link's work, migrations 9 and 13).
	`
ALTER TABLE import_links ADD COLUMN date_first INTEGER;
`,
}

// placeAncestors selects the codes a place whose parent is the code
// parent has above it: the parent's own chain, or the parent alone when it
// is not a place.
func placeAncestors(parent string) string {
	return `SELECT ancestor FROM place_tree WHERE place = ` + parent + ` UNION SELECT ` + parent + ` WHERE ` + parent + ` <> ''`
}

// placesOf selects the places whose counts hold the record code: those
// above its places, and those above itself for a place.
func placesOf(code string) string {
	return `SELECT t.ancestor FROM record_places rp JOIN place_tree t ON t.place = rp.place WHERE rp.code = ` + code +
		` UNION SELECT ancestor FROM place_tree WHERE place = ` + code
}

// otherPlaces selects the places whose counts hold the record code through
// its places other than place: one set per row of record_places written,
// rather than a condition per place above it (placedElsewhere) reading the
// record's places for each. The counts' triggers take an import's commit
// from 1.3 s to 2.9 s of CPU for 30,000 documents in 3 places each, 4
// levels deep (some 55 µs a record, most of it the 360,000 counts added
// to).
func otherPlaces(code, place string) string {
	return `SELECT u.ancestor FROM record_places rp2 JOIN place_tree u ON u.place = rp2.place WHERE rp2.code = ` + code + ` AND rp2.place <> ` + place
}

// placedElsewhere is the condition that the record code is within the
// place ancestor otherwise than through place: one of its other places
// is, or it is a place inside it — through a row of place_tree other than
// place's when tree (the reason being counted is that row of place_tree,
// not a place of the record).
func placedElsewhere(code, ancestor, place string, tree bool) string {
	self := ""
	if tree {
		self = ` AND u.place <> ` + place
	}
	return `(EXISTS (SELECT 1 FROM record_places rp2 JOIN place_tree u ON u.place = rp2.place
		WHERE rp2.code = ` + code + ` AND rp2.place <> ` + place + ` AND u.ancestor = ` + ancestor + `)
		OR EXISTS (SELECT 1 FROM place_tree u WHERE u.place = ` + code + self + ` AND u.ancestor = ` + ancestor + `))`
}
