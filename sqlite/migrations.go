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
}
