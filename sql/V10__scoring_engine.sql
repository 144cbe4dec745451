-- Which engine scored each run: 'compiled' (the compiled forest, checked against XGBoost4J at
-- load) or 'xgboost' (XGBoost4J). NULL for runs from before the compiled engine existed.
ALTER TABLE scoring_run ADD COLUMN scoring_engine text;

COMMENT ON COLUMN scoring_run.scoring_engine IS
    'Engine that scored the run''s last attempt: compiled (plain-Java forest, equal to XGBoost4J within 1e-6 on the model''s probe rows) or xgboost (XGBoost4J)';
