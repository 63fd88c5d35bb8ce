-- The append-only event log. Every channel records what happened here;
-- insights computes its figures from it.
--
-- time is UTC text with exactly nine fractional digits
-- ("2025-03-01T09:00:00.123456789Z"), so that text order is time order and
-- SQLite's date functions read it: date(time), strftime('%Y-%W', time).
-- Text columns hold '' rather than NULL when a field is not set.
CREATE TABLE events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	time       TEXT    NOT NULL,
	type       TEXT    NOT NULL CHECK (type <> ''),
	channel    TEXT    NOT NULL DEFAULT '',
	locale     TEXT    NOT NULL DEFAULT '',
	session    TEXT    NOT NULL DEFAULT '',
	query      TEXT    NOT NULL DEFAULT '',
	article_id TEXT    NOT NULL DEFAULT '',
	results    INTEGER NOT NULL DEFAULT 0,
	data       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(data) AND json_type(data) = 'object')
) STRICT;

CREATE INDEX events_time ON events (time);
CREATE INDEX events_type_time ON events (type, time);
CREATE INDEX events_session_time ON events (session, time);

-- Events are written once and never changed. Retention, if it ever comes,
-- is a migration that drops these triggers on purpose.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only: update refused');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only: delete refused');
END;

-- INSERT OR REPLACE deletes the row it replaces without firing delete
-- triggers (unless recursive_triggers is on), so refuse it here.
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
BEGIN
	SELECT RAISE(ABORT, 'events are append-only: replace refused');
END;
