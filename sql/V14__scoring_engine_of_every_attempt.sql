-- scoring_engine now names every engine that scored a run, in the order its attempts first used
-- them ('compiled', 'xgboost' or 'compiled, xgboost' for a run resumed with another --engine),
-- not only the last attempt's. Values written before stay as they were.
COMMENT ON COLUMN scoring_run.scoring_engine IS
    'Engines that scored the run, in the order its attempts first used them, comma-separated: compiled (plain-Java forest, equal to XGBoost4J within 1e-6 on the model''s probe rows) and/or xgboost (XGBoost4J)';
