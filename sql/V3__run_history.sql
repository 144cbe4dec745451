-- Run history and retention (issue 12). A run's prediction partition and rejects may be dropped by
-- retention (--keep-runs, prune) while its scoring_run row stays as history: pruned_at says when.
-- An abandoned run (nightscore abandon RUN_ID) is closed for good: its predictions and rejects are
-- dropped, its date is free for a new run, and abandoned_at says when.
ALTER TABLE scoring_run ADD COLUMN pruned_at TIMESTAMPTZ;
ALTER TABLE scoring_run ADD COLUMN abandoned_at TIMESTAMPTZ;
