-- The handoff queue: contacts that self-service did not settle, with the
-- context the customer already gave. Every channel writes the same rows.
-- Times are stored like events.time; '' when not set. transcript and
-- offered are JSON arrays.
CREATE TABLE handoffs (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	created_at    TEXT    NOT NULL,
	channel       TEXT    NOT NULL CHECK (channel <> ''),
	locale        TEXT    NOT NULL DEFAULT '',
	status        TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'taken', 'closed')),
	question      TEXT    NOT NULL DEFAULT '',
	transcript    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(transcript) AND json_type(transcript) = 'array'),
	offered       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(offered) AND json_type(offered) = 'array'),
	contact_name  TEXT    NOT NULL DEFAULT '',
	contact_email TEXT    NOT NULL DEFAULT '',
	contact_phone TEXT    NOT NULL DEFAULT '',
	reason        TEXT    NOT NULL DEFAULT '',
	team          TEXT    NOT NULL DEFAULT '',
	priority      INTEGER NOT NULL DEFAULT 0,
	external      TEXT    NOT NULL DEFAULT '',
	session       TEXT    NOT NULL DEFAULT '',
	taken_by      TEXT    NOT NULL DEFAULT '',
	taken_at      TEXT    NOT NULL DEFAULT '',
	closed_at     TEXT    NOT NULL DEFAULT ''
) STRICT;

-- A provider's id (a call SID) names one handoff per channel.
CREATE UNIQUE INDEX handoffs_external ON handoffs (channel, external) WHERE external <> '';
-- The queue: waiting first, highest priority, oldest.
CREATE INDEX handoffs_queue ON handoffs (status, priority DESC, created_at);
-- Repeat contacts by phone number.
CREATE INDEX handoffs_phone ON handoffs (contact_phone, created_at) WHERE contact_phone <> '';

-- Views and votes per article are read from the event log.
CREATE INDEX events_article ON events (type, locale, article_id);
