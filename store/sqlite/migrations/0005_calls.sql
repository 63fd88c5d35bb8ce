-- Calls to the voicebot. state is the voicebot's dialog state (JSON), saved
-- after every turn; version guards against two webhooks of one call saving
-- at once. outcome is '' while the call is going on.
CREATE TABLE calls (
	id         TEXT    PRIMARY KEY CHECK (id <> ''),
	from_no    TEXT    NOT NULL DEFAULT '',
	to_no      TEXT    NOT NULL DEFAULT '',
	locale     TEXT    NOT NULL DEFAULT '',
	state      BLOB    NOT NULL DEFAULT x'',
	outcome    TEXT    NOT NULL DEFAULT '' CHECK (outcome IN ('', 'resolved', 'handed_off', 'abandoned')),
	handoff_id INTEGER REFERENCES handoffs (id),
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
) STRICT;
