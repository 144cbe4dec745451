-- How many customers each band held over the last 12 scored weeks, newest first.
SELECT scoring_date, risk_band, customers, round(share::numeric, 4) AS share
FROM weekly_band_counts
WHERE scoring_date IN (SELECT DISTINCT scoring_date FROM weekly_band_counts ORDER BY scoring_date DESC LIMIT 12)
ORDER BY scoring_date DESC, array_position(ARRAY['high', 'medium', 'low'], risk_band);
