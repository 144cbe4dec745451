-- Scores marketing can trust (issue 10, sections 1, 2 and 4): the model registry with its reference
-- profile, the checks every run stores, the publish gate's review trail, the audit fields, and the
-- views marketing reads.
--
-- Histograms everywhere share one layout: `edges` are the ascending cut points e1 < e2 < ... < ek;
-- `counts` has k + 1 entries, counts[1] for values below e1, counts[i + 1] for e_i <= v < e_(i+1),
-- counts[k + 1] for values >= ek (PostgreSQL's width_bucket(v, edges) + 1); nulls are counted apart
-- in `null_count` (the null bin). `quantiles` are the values at probabilities 0.05, 0.25, 0.5, 0.75
-- and 0.95 (io.nightscore.monitoring.Histogram.QUANTILE_PROBABILITIES).

-- 1. The registry: what `model add` records (a model used without registration gets a row on first
-- use, with no file path, base score or profile).
ALTER TABLE model_version
	ADD COLUMN base_score     DOUBLE PRECISION,
	ADD COLUMN feature_types  TEXT[],
	ADD COLUMN model_path     TEXT,
	ADD COLUMN training_data  TEXT,
	ADD COLUMN profile_rows   BIGINT,
	ADD COLUMN registered_by  TEXT,
	ADD COLUMN registered_at  TIMESTAMPTZ;

-- The reference profile computed from the training data: one row per model feature
-- (subject 'feature', name = the feature) and one for the model's scores on that data
-- (subject 'score', name 'score'). Read by the checks and by the HTML report (issue 10 section 5).
CREATE TABLE model_reference_histogram (
	model_version  TEXT NOT NULL REFERENCES model_version (version) ON DELETE CASCADE,
	subject        TEXT NOT NULL CHECK (subject IN ('feature', 'score')),
	name           TEXT NOT NULL,
	position       INTEGER NOT NULL,
	rows           BIGINT NOT NULL,
	null_count     BIGINT NOT NULL,
	edges          DOUBLE PRECISION[] NOT NULL,
	counts         BIGINT[] NOT NULL,
	quantiles      DOUBLE PRECISION[] NOT NULL,
	PRIMARY KEY (model_version, subject, name)
);

-- 2. What each run measured: per feature and for the scores, the run's histogram (binned against
-- the reference edges named by `edges_from`), its null rate and quantiles, and its PSI against the
-- model's reference profile and against the previous published run (NULL where there is nothing to
-- compare with). Written by the publish step; read by `runs show`, the gate and the report.
CREATE TABLE run_histogram (
	run_id            BIGINT NOT NULL REFERENCES scoring_run (run_id) ON DELETE CASCADE,
	subject           TEXT NOT NULL CHECK (subject IN ('feature', 'score')),
	name              TEXT NOT NULL,
	position          INTEGER NOT NULL,
	rows              BIGINT NOT NULL,
	null_count        BIGINT NOT NULL,
	edges_from        TEXT NOT NULL,
	edges             DOUBLE PRECISION[] NOT NULL,
	counts            BIGINT[] NOT NULL,
	quantiles         DOUBLE PRECISION[] NOT NULL,
	psi_reference     DOUBLE PRECISION,
	psi_previous      DOUBLE PRECISION,
	previous_run_id   BIGINT,
	PRIMARY KEY (run_id, subject, name)
);

-- Band counts and shares per run, for the whole run (segment '') and, with --segment-column, per
-- segment; previous_share is the previous published run's share of the same band and segment.
CREATE TABLE run_band (
	run_id          BIGINT NOT NULL REFERENCES scoring_run (run_id) ON DELETE CASCADE,
	segment         TEXT NOT NULL,
	band            TEXT NOT NULL,
	customers       BIGINT NOT NULL,
	share           DOUBLE PRECISION NOT NULL,
	previous_share  DOUBLE PRECISION,
	PRIMARY KEY (run_id, segment, band)
);

-- Every check a run went through, with the measured value, the thresholds in force and the verdict:
-- 'ok', 'warn' or 'hold' ('skipped' when there was nothing to compare with, said in `detail`).
CREATE TABLE run_check (
	run_id          BIGINT NOT NULL REFERENCES scoring_run (run_id) ON DELETE CASCADE,
	check_name      TEXT NOT NULL,
	subject         TEXT NOT NULL,
	value           DOUBLE PRECISION,
	warn_threshold  DOUBLE PRECISION,
	hold_threshold  DOUBLE PRECISION,
	verdict         TEXT NOT NULL CHECK (verdict IN ('ok', 'warn', 'hold', 'skipped')),
	detail          TEXT NOT NULL,
	PRIMARY KEY (run_id, check_name, subject)
);

-- The gate's review trail and the audit fields of a run.
ALTER TABLE scoring_run
	ADD COLUMN model_sha256        CHAR(64),
	ADD COLUMN nightscore_version  TEXT,
	ADD COLUMN options             JSONB,
	ADD COLUMN input_checksums     JSONB,
	ADD COLUMN input_age_days      DOUBLE PRECISION,
	ADD COLUMN drift_reference     TEXT,
	ADD COLUMN held_reasons        TEXT,
	ADD COLUMN published_by        TEXT,
	ADD COLUMN published_by_db     TEXT,
	ADD COLUMN publish_note        TEXT,
	ADD COLUMN unpublished_at      TIMESTAMPTZ,
	ADD COLUMN unpublished_by      TEXT,
	ADD COLUMN rejected_at         TIMESTAMPTZ,
	ADD COLUMN rejected_by         TEXT,
	ADD COLUMN review_note         TEXT;

COMMENT ON COLUMN scoring_run.status IS 'STARTED, FAILED, STOPPED, PUBLISHED, HELD (checks crossed a hold threshold; '
	'waiting for `nightscore publish` or `reject`), UNPUBLISHED (taken back by `nightscore unpublish`), REJECTED';
COMMENT ON COLUMN scoring_run.held_reasons IS 'Why the gate held the run: the checks that crossed a hold threshold, with their values';
COMMENT ON COLUMN scoring_run.drift_reference IS 'What the drift checks compared with: the model''s training profile and/or the previous published run';
COMMENT ON COLUMN scoring_run.input_checksums IS 'sha256 of every input file''s bytes, by path';
COMMENT ON COLUMN scoring_run.options IS 'Every option the run was started with (its job parameters)';

-- 4. What marketing reads. The live run is the one customer_scores shows; the previous run is the
-- published run before it (newest scoring date first, then newest publication).
CREATE VIEW published_run AS
SELECT run_id, scoring_date, published_at,
	row_number() OVER (ORDER BY scoring_date DESC, published_at DESC) AS recency
FROM scoring_run WHERE published;

CREATE VIEW customer_score_changes AS
SELECT c.customer_id, c.score, c.risk_band, c.scoring_date, c.model_version,
	p.score AS previous_score, p.risk_band AS previous_band, prev.scoring_date AS previous_scoring_date,
	c.score - p.score AS score_change,
	(c.risk_band = 'high' AND p.risk_band IS DISTINCT FROM 'high') AS entered_high
FROM customer_scores c
LEFT JOIN published_run prev ON prev.recency = 2
LEFT JOIN prediction p ON p.run_id = prev.run_id AND p.customer_id = c.customer_id;

CREATE VIEW weekly_band_counts AS
SELECT r.scoring_date, b.band AS risk_band, b.customers, b.share, r.run_id
FROM scoring_run r
JOIN run_band b ON b.run_id = r.run_id AND b.segment = ''
WHERE r.published
	AND r.run_id = (SELECT s.run_id FROM scoring_run s WHERE s.published AND s.scoring_date = r.scoring_date
		ORDER BY s.published_at DESC LIMIT 1);

COMMENT ON VIEW customer_scores IS 'The latest published churn score of every customer: one row per customer, from the run marketing works from this week';
COMMENT ON COLUMN customer_scores.customer_id IS 'The customer''s id, as in the input';
COMMENT ON COLUMN customer_scores.score IS 'Churn probability between 0 and 1: the model''s estimate that the customer leaves';
COMMENT ON COLUMN customer_scores.risk_band IS 'high (score >= 0.7), medium (>= 0.4) or low';
COMMENT ON COLUMN customer_scores.model_version IS 'The model that computed the score';
COMMENT ON COLUMN customer_scores.scored_at IS 'When the score was computed';
COMMENT ON COLUMN customer_scores.scoring_date IS 'The week''s scoring date the score belongs to';
COMMENT ON COLUMN customer_scores.run_id IS 'The scoring run, for audits (nightscore runs show RUN_ID)';

COMMENT ON VIEW customer_score_changes IS 'Each customer''s score this week next to last week''s (the previous published run)';
COMMENT ON COLUMN customer_score_changes.customer_id IS 'The customer''s id';
COMMENT ON COLUMN customer_score_changes.score IS 'This week''s churn probability';
COMMENT ON COLUMN customer_score_changes.risk_band IS 'This week''s band: high, medium or low';
COMMENT ON COLUMN customer_score_changes.scoring_date IS 'This week''s scoring date';
COMMENT ON COLUMN customer_score_changes.model_version IS 'The model that computed this week''s score';
COMMENT ON COLUMN customer_score_changes.previous_score IS 'Last week''s churn probability; empty for a customer new this week';
COMMENT ON COLUMN customer_score_changes.previous_band IS 'Last week''s band; empty for a customer new this week';
COMMENT ON COLUMN customer_score_changes.previous_scoring_date IS 'Last week''s scoring date';
COMMENT ON COLUMN customer_score_changes.score_change IS 'This week''s score minus last week''s';
COMMENT ON COLUMN customer_score_changes.entered_high IS 'True when the customer is high this week and was not last week';

COMMENT ON VIEW weekly_band_counts IS 'How many customers each band held, week by week (one published run per scoring date)';
COMMENT ON COLUMN weekly_band_counts.scoring_date IS 'The week''s scoring date';
COMMENT ON COLUMN weekly_band_counts.risk_band IS 'high, medium or low';
COMMENT ON COLUMN weekly_band_counts.customers IS 'Customers in the band that week';
COMMENT ON COLUMN weekly_band_counts.share IS 'Share of that week''s scored customers in the band, 0 to 1';
COMMENT ON COLUMN weekly_band_counts.run_id IS 'The scoring run, for audits';

COMMENT ON VIEW published_run IS 'Published runs, newest first (recency 1 is the live run): the views'' building block';

DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nightscore_reader') THEN
		GRANT SELECT ON customer_score_changes, weekly_band_counts TO nightscore_reader;
	END IF;
END
$$;
