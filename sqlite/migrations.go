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
}
