-- customer_score_changes compared the live run with the published run before it. After a same-date
-- --rerun was published, that was the same week's superseded run: every previous_scoring_date was
-- this week's, every entered_high false, and entered_high_band.sql returned nobody. Last week is the
-- newest published run of a scoring date earlier than the live run's; pruning keeps it (RunRetention).

CREATE VIEW previous_week_run AS
SELECT r.run_id, r.scoring_date, r.published_at
FROM published_run r
WHERE r.scoring_date < (SELECT l.scoring_date FROM published_run l WHERE l.recency = 1)
ORDER BY r.recency
LIMIT 1;

COMMENT ON VIEW previous_week_run IS 'Last week''s run: the newest published run of a scoring date earlier than the live run''s (none before a second date is published)';

CREATE OR REPLACE VIEW customer_score_changes AS
SELECT c.customer_id, c.score, c.risk_band, c.scoring_date, c.model_version,
	p.score AS previous_score, p.risk_band AS previous_band, prev.scoring_date AS previous_scoring_date,
	c.score - p.score AS score_change,
	(c.risk_band = 'high' AND p.risk_band IS DISTINCT FROM 'high') AS entered_high
FROM customer_scores c
LEFT JOIN previous_week_run prev ON true
LEFT JOIN prediction p ON p.run_id = prev.run_id AND p.customer_id = c.customer_id;

COMMENT ON VIEW customer_score_changes IS 'Each customer''s score this week next to last week''s (the newest published run of an earlier scoring date)';
