-- Conversations with the bot. turns is a JSON array of {Role, Text, Time}.
-- outcome is '' while the conversation is open.
CREATE TABLE conversations (
	id         TEXT    PRIMARY KEY CHECK (id <> ''),
	channel    TEXT    NOT NULL DEFAULT '',
	locale     TEXT    NOT NULL DEFAULT '',
	turns      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(turns) AND json_type(turns) = 'array'),
	outcome    TEXT    NOT NULL DEFAULT '' CHECK (outcome IN ('', 'resolved', 'handed_off', 'abandoned')),
	declines   INTEGER NOT NULL DEFAULT 0,
	handoff_id INTEGER REFERENCES handoffs (id),
	created_at TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
) STRICT;

-- Open conversations by last activity, to mark the abandoned ones.
CREATE INDEX conversations_open ON conversations (updated_at) WHERE outcome = '';
