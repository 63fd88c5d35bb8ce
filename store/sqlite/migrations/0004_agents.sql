-- The agent panel: users and their sessions, wrap-ups of handled contacts,
-- flags on articles, and short links agents send to customers.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT    NOT NULL UNIQUE CHECK (name <> ''),
	role          TEXT    NOT NULL CHECK (role IN ('agent', 'editor', 'admin')),
	password_hash TEXT    NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	failed        INTEGER NOT NULL DEFAULT 0,
	locked_until  TEXT    NOT NULL DEFAULT '',
	created_at    TEXT    NOT NULL
) STRICT;

-- A session is named by a random token the browser holds; only its SHA-256
-- is stored, so a copy of the database signs nobody in.
CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	token_hash TEXT    NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT    NOT NULL,
	expires_at TEXT    NOT NULL,
	last_seen  TEXT    NOT NULL
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE wrapups (
	handoff_id INTEGER PRIMARY KEY REFERENCES handoffs (id),
	agent      TEXT    NOT NULL,
	outcome    TEXT    NOT NULL CHECK (outcome IN ('resolved', 'transferred', 'callback')),
	article_id TEXT    NOT NULL DEFAULT '',
	guide_id   TEXT    NOT NULL DEFAULT '',
	guide_path TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(guide_path) AND json_type(guide_path) = 'array'),
	team       TEXT    NOT NULL DEFAULT '',
	note       TEXT    NOT NULL DEFAULT '',
	time       TEXT    NOT NULL
) STRICT;

CREATE TABLE flags (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	time       TEXT    NOT NULL,
	agent      TEXT    NOT NULL DEFAULT '',
	kind       TEXT    NOT NULL CHECK (kind IN ('wrong', 'outdated', 'missing')),
	locale     TEXT    NOT NULL DEFAULT '',
	article_id TEXT    NOT NULL DEFAULT '',
	note       TEXT    NOT NULL DEFAULT '',
	handoff_id INTEGER REFERENCES handoffs (id),
	resolved   INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
) STRICT;

CREATE INDEX flags_open ON flags (resolved, time);

CREATE TABLE short_links (
	code       TEXT    PRIMARY KEY,
	locale     TEXT    NOT NULL,
	article_id TEXT    NOT NULL,
	agent      TEXT    NOT NULL DEFAULT '',
	handoff_id INTEGER REFERENCES handoffs (id),
	created_at TEXT    NOT NULL
) STRICT;
