-- nightscore's own tables. A run (scoring_run.run_id) is one Spring Batch job instance: the same id
-- across every restart of that run.

CREATE TABLE model_version (
	version        TEXT PRIMARY KEY,
	sha256         CHAR(64) NOT NULL,
	objective      TEXT NOT NULL,
	num_trees      INTEGER NOT NULL,
	feature_names  TEXT[] NOT NULL,
	first_used_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE scoring_run (
	run_id           BIGINT PRIMARY KEY,
	scoring_date     DATE NOT NULL,
	rerun            INTEGER NOT NULL DEFAULT 0,
	status           TEXT NOT NULL,
	published        BOOLEAN NOT NULL DEFAULT false,
	published_at     TIMESTAMPTZ,
	model_version    TEXT NOT NULL REFERENCES model_version (version),
	input_snapshot   JSONB NOT NULL,
	rows_scored      BIGINT,
	rows_rejected    BIGINT,
	statistics       JSONB,
	started_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
	finished_at      TIMESTAMPTZ,
	UNIQUE (scoring_date, rerun)
);

CREATE INDEX scoring_run_published_idx ON scoring_run (scoring_date DESC, published_at DESC) WHERE published;

-- One row per customer per run, one partition per run (created by the prepare step, indexed by the
-- publish step after the bulk load, dropped whole for retention). source_file / source_row say
-- where the row came from: the index into scoring_run.input_snapshot's files and the 1-based row
-- number within that file.
CREATE TABLE prediction (
	run_id         BIGINT NOT NULL,
	customer_id    TEXT NOT NULL,
	score          DOUBLE PRECISION NOT NULL,
	risk_band      TEXT NOT NULL,
	model_version  TEXT NOT NULL,
	scored_at      TIMESTAMPTZ NOT NULL,
	source_file    INTEGER NOT NULL,
	source_row     BIGINT NOT NULL
) PARTITION BY LIST (run_id);

CREATE TABLE scoring_reject (
	run_id         BIGINT NOT NULL REFERENCES scoring_run (run_id) ON DELETE CASCADE,
	file           TEXT NOT NULL,
	row_number     BIGINT NOT NULL,
	customer_id    TEXT,
	reason         TEXT NOT NULL,
	rejected_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX scoring_reject_run_idx ON scoring_reject (run_id);

-- What marketing reads: the latest published run only (newest scoring date, then newest publication),
-- one row per customer. A running, failed or unpublished run never shows here.
CREATE VIEW customer_scores AS
SELECT p.customer_id, p.score, p.risk_band, p.model_version, p.scored_at, r.scoring_date, p.run_id
FROM prediction p
JOIN scoring_run r ON r.run_id = p.run_id
WHERE p.run_id = (
	SELECT run_id FROM scoring_run WHERE published
	ORDER BY scoring_date DESC, published_at DESC
	LIMIT 1
);

-- A read-only role for marketing: it may select from the view and from nothing else. Creating a role
-- needs CREATEROLE; where the migrating user lacks it, a DBA creates the role and grants the view.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nightscore_reader') THEN
		CREATE ROLE nightscore_reader NOLOGIN;
	END IF;
EXCEPTION WHEN insufficient_privilege THEN
	RAISE NOTICE 'nightscore_reader role not created (no CREATEROLE privilege); grant SELECT ON customer_scores by hand';
END
$$;

DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nightscore_reader') THEN
		EXECUTE format('GRANT USAGE ON SCHEMA %I TO nightscore_reader', current_schema());
		GRANT SELECT ON customer_scores TO nightscore_reader;
	END IF;
END
$$;
