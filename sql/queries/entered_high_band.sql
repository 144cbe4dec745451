-- Customers who entered the high band since last week (the previous published run), riskiest first.
-- A customer with no score last week (new this week) counts as entering.
SELECT customer_id, round(score::numeric, 4) AS churn_probability, previous_band,
	round(previous_score::numeric, 4) AS previous_probability, scoring_date, previous_scoring_date
FROM customer_score_changes
WHERE entered_high
ORDER BY score DESC, customer_id;
