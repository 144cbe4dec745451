-- The run lock (issue 8). A run holds a row lock on this table's only row (SELECT ... FOR UPDATE
-- NOWAIT, on a dedicated connection, for the whole launch) instead of an advisory lock: any role
-- can take any advisory lock, so the read-only nightscore_reader could block every run, while
-- FOR UPDATE needs UPDATE privilege on this table, which only nightscore's own role has. Like an
-- advisory lock, the row lock vanishes when the holding connection dies.
CREATE TABLE run_lock (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	note   TEXT NOT NULL
);

INSERT INTO run_lock (id, note) VALUES (1, 'locked FOR UPDATE by the nightscore run in progress, if any');

REVOKE ALL ON run_lock FROM PUBLIC;
