-- Reasons for the customers marketing calls (issue 10, section 3): for every explained customer of a
-- run (the high band, or the riskiest fraction with --explain-top) the three features that pushed the
-- score up the most, with the customer's value of each and its exact SHAP contribution, and a sample
-- of full SHAP contributions per run for the run's global feature importances. Written by COPY in the
-- chunk's transaction, beside the predictions; deleted with the run (ON DELETE CASCADE).

CREATE TABLE prediction_reason (
	run_id                 BIGINT NOT NULL REFERENCES scoring_run (run_id) ON DELETE CASCADE,
	customer_id            TEXT NOT NULL,
	source_file            INTEGER NOT NULL,
	source_row             BIGINT NOT NULL,
	reason_1               TEXT,
	reason_1_value         REAL,
	reason_1_contribution  REAL,
	reason_2               TEXT,
	reason_2_value         REAL,
	reason_2_contribution  REAL,
	reason_3               TEXT,
	reason_3_value         REAL,
	reason_3_contribution  REAL
);

CREATE INDEX prediction_reason_row_idx ON prediction_reason (run_id, source_file, source_row);
CREATE INDEX prediction_reason_customer_idx ON prediction_reason (run_id, customer_id);

COMMENT ON TABLE prediction_reason IS 'Top 3 SHAP reasons per explained customer per run (the high band by default); read them through customer_reasons';

CREATE TABLE shap_sample (
	run_id         BIGINT NOT NULL REFERENCES scoring_run (run_id) ON DELETE CASCADE,
	source_file    INTEGER NOT NULL,
	source_row     BIGINT NOT NULL,
	contributions  REAL[] NOT NULL,
	PRIMARY KEY (run_id, source_file, source_row)
);

COMMENT ON TABLE shap_sample IS 'Full SHAP contributions (model feature order, then the bias) of up to about 2,000 rows per run, every N-th row of each input file; the source of run_feature_importance';

-- The run's global summary: mean |SHAP| per feature over its sample, largest first.
CREATE VIEW run_feature_importance AS
SELECT s.run_id, f.feature, f.position::INTEGER AS feature_index,
       avg(abs(s.contributions[f.position]))::DOUBLE PRECISION AS mean_abs_shap,
       count(*) AS sample_rows
FROM shap_sample s
JOIN scoring_run r ON r.run_id = s.run_id
JOIN model_version m ON m.version = r.model_version
CROSS JOIN LATERAL unnest(m.feature_names) WITH ORDINALITY AS f (feature, position)
GROUP BY s.run_id, f.feature, f.position;

COMMENT ON VIEW run_feature_importance IS 'Global SHAP importance per run: mean absolute SHAP contribution of each feature over the run''s sample (shap_sample)';
COMMENT ON COLUMN run_feature_importance.mean_abs_shap IS 'Mean |SHAP contribution| in log-odds over the sample: how much the feature moves scores on average';
COMMENT ON COLUMN run_feature_importance.sample_rows IS 'Rows in the run''s SHAP sample';

-- What marketing reads: the reasons of the customers in customer_scores (the live run) who were
-- explained, beside their score.
CREATE VIEW customer_reasons AS
SELECT c.customer_id, c.score, c.risk_band, c.scoring_date,
       x.reason_1, x.reason_1_value, x.reason_1_contribution,
       x.reason_2, x.reason_2_value, x.reason_2_contribution,
       x.reason_3, x.reason_3_value, x.reason_3_contribution,
       c.model_version, c.run_id
FROM customer_scores c
JOIN prediction_reason x ON x.run_id = c.run_id AND x.customer_id = c.customer_id;

COMMENT ON VIEW customer_reasons IS 'Why each explained customer of the live published run (the high band, or the riskiest fraction) scored high: the three features that pushed the churn score up the most';
COMMENT ON COLUMN customer_reasons.customer_id IS 'The customer';
COMMENT ON COLUMN customer_reasons.score IS 'Churn probability, 0 to 1';
COMMENT ON COLUMN customer_reasons.risk_band IS 'high (score >= 0.7), medium (>= 0.4) or low';
COMMENT ON COLUMN customer_reasons.scoring_date IS 'The week''s scoring date';
COMMENT ON COLUMN customer_reasons.reason_1 IS 'The feature that pushed this customer''s score up the most';
COMMENT ON COLUMN customer_reasons.reason_1_value IS 'The customer''s value of reason_1 (NULL: missing in the input)';
COMMENT ON COLUMN customer_reasons.reason_1_contribution IS 'How much reason_1 raised the score, in log-odds (exact SHAP value; the contributions of all features plus a base value add up to the score''s log-odds)';
COMMENT ON COLUMN customer_reasons.reason_2 IS 'The second strongest reason (NULL when fewer features pushed the score up)';
COMMENT ON COLUMN customer_reasons.reason_2_value IS 'The customer''s value of reason_2 (NULL: missing)';
COMMENT ON COLUMN customer_reasons.reason_2_contribution IS 'How much reason_2 raised the score, in log-odds';
COMMENT ON COLUMN customer_reasons.reason_3 IS 'The third strongest reason (NULL when fewer features pushed the score up)';
COMMENT ON COLUMN customer_reasons.reason_3_value IS 'The customer''s value of reason_3 (NULL: missing)';
COMMENT ON COLUMN customer_reasons.reason_3_contribution IS 'How much reason_3 raised the score, in log-odds';
COMMENT ON COLUMN customer_reasons.model_version IS 'The model that scored and explained the customer';
COMMENT ON COLUMN customer_reasons.run_id IS 'The run (scoring_run.run_id)';

DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nightscore_reader') THEN
		GRANT SELECT ON customer_reasons TO nightscore_reader;
	END IF;
END
$$;
