-- Top customers to call this week: the high band of the live (latest published) run, riskiest first.
-- Run with psql: psql -v n=100 -f sql/queries/top_to_call.sql   (n defaults to 100 below when unset)
\if :{?n}
\else
\set n 100
\endif
SELECT c.customer_id, round(c.score::numeric, 4) AS churn_probability, c.risk_band, c.previous_band,
	c.entered_high, c.scoring_date
	-- the reasons (issue 10 section 3): the three features that pushed the score up most, with the values
	, r.reason_1, r.reason_1_value, r.reason_2, r.reason_2_value, r.reason_3, r.reason_3_value
FROM customer_score_changes c
LEFT JOIN customer_reasons r ON r.customer_id = c.customer_id
WHERE c.risk_band = 'high'
ORDER BY c.score DESC, c.customer_id
LIMIT :n;
