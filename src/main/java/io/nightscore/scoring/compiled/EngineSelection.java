package io.nightscore.scoring.compiled;

import java.nio.file.Path;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.LoadLog;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringEngine;
import io.nightscore.scoring.xgboost.XGBoostEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the engine for a loaded model, before any row is scored, and says so in one log
 * line: the compiled forest if it supports the model and the {@link EquivalenceCheck}
 * finds it within {@value EquivalenceCheck#TOLERANCE} of XGBoost4J, XGBoost4J otherwise
 * (or a refusal under {@code --engine compiled}). Stateless.
 */
public final class EngineSelection {

	private static final Logger logger = LoggerFactory.getLogger(EngineSelection.class);

	private EngineSelection() {
	}

	/**
	 * @param xgboost the model loaded into XGBoost4J: the oracle, the engine to fall back
	 * to, and the compiled engine's explainer
	 * @param log where the choice and why go
	 * @return the engine to score with
	 * @throws ContractException under {@code --engine compiled} when the compiled engine
	 * cannot score the model exactly
	 */
	public static ScoringEngine choose(Path file, Forest forest, XGBoostEngine xgboost, ScoringEngineChoice choice,
			float[] extra, int extraRows, LoadLog log) {
		return choose(file, forest, forest, xgboost, choice, extra, extraRows, log);
	}

	/**
	 * As above, the compiled forest made from {@code compileFrom} (tests pass another).
	 */
	static ScoringEngine choose(Path file, Forest forest, Forest compileFrom, XGBoostEngine xgboost,
			ScoringEngineChoice choice, float[] extra, int extraRows, LoadLog log) {
		if (forest.baseScoreIgnored()) {
			log.warn(logger,
					"Model {}: base_score '{}' is in the vector form of XGBoost 3.1 and later, which XGBoost4J 3.0"
							+ " does not read: both engines score with base_score 0.5 instead, as XGBoost4J always has for"
							+ " this file; save the model with XGBoost 3.0 to use its base score",
					file, forest.baseScoreText());
		}
		if (choice == ScoringEngineChoice.XGBOOST) {
			log.info(logger, "Model {}: scored by XGBoost4J (--engine xgboost)", file);
			return xgboost;
		}
		String unsupported = CompiledSupport.whyNot(forest, Runtime.getRuntime().maxMemory());
		if (unsupported != null) {
			return fallBack(file, choice, xgboost, log, "the compiled engine does not support it: " + unsupported);
		}
		CompiledForest compiled = CompiledSupport.compile(compileFrom);
		float[] probes = ProbeRows.build(forest, extra, extraRows);
		EquivalenceCheck.Result result;
		try (Scorer oracle = xgboost.newScorer(1)) {
			result = EquivalenceCheck.run(forest, compiled, oracle, probes);
		}
		catch (RuntimeException ex) {
			return fallBack(file, choice, xgboost, log, "XGBoost4J failed to score the equivalence check's probe rows: "
					+ Failures.firstLine(ex.getMessage()));
		}
		if (!result.passed()) {
			return fallBack(file, choice, xgboost, log,
					"the equivalence check found the compiled engine off XGBoost4J by more than "
							+ EquivalenceCheck.TOLERANCE + ": " + result);
		}
		log.info(logger, "Model {}: scored by the compiled engine; equivalence check passed against XGBoost4J: {}{}",
				file, result,
				(extraRows > 0) ? "; " + extraRows + " of the probe rows are the input's first rows" : "");
		// the explanation check's rows, taken now: the probe rows are no longer held
		float[] explained = ExplanationCheck.sample(probes, forest.numFeature(), extraRows);
		return new CompiledEngine(compiled, xgboost, () -> explainer(file, forest, xgboost, explained));
	}

	/**
	 * The compiled engine's TreeSHAP for a forest it scores, if the model has what it
	 * needs and it matches XGBoost4J's {@code predictContrib} on {@code rows} (a sample
	 * of the probe rows); otherwise {@code null} (XGBoost4J explains), with one log line
	 * saying why.
	 */
	private static ForestShap explainer(Path file, Forest forest, XGBoostEngine xgboost, float[] rows) {
		String unsupported = ForestShap.whyNot(forest, Runtime.getRuntime().maxMemory() / 16);
		if (unsupported != null) {
			logger.info("Model {}: explained by XGBoost4J, not the compiled engine's TreeSHAP: {}", file, unsupported);
			return null;
		}
		ForestShap shap = ForestShap.of(forest);
		ExplanationCheck.Result result;
		try (Explainer oracle = xgboost.newExplainer()) {
			result = ExplanationCheck.run(shap, oracle, rows);
		}
		catch (RuntimeException ex) {
			logger.warn("Model {}: explained by XGBoost4J, not the compiled engine's TreeSHAP: XGBoost4J failed to"
					+ " explain the check's rows: {}", file, Failures.firstLine(ex.getMessage()));
			return null;
		}
		if (!result.passed()) {
			logger.warn("Model {}: explained by XGBoost4J, not the compiled engine's TreeSHAP: the check found it off"
					+ " XGBoost4J by more than {}: {}", file, ExplanationCheck.TOLERANCE, result);
			return null;
		}
		logger.info("Model {}: explained by the compiled engine's TreeSHAP; check passed against XGBoost4J: {}", file,
				result);
		return shap;
	}

	private static ScoringEngine fallBack(Path file, ScoringEngineChoice choice, XGBoostEngine xgboost, LoadLog log,
			String reason) {
		if (choice == ScoringEngineChoice.COMPILED) {
			xgboost.close();
			throw new ContractException("Model " + file + " cannot be scored with --engine compiled: " + reason
					+ ": use --engine auto (XGBoost4J then scores it)");
		}
		log.warn(logger, "Model {}: scored by XGBoost4J, not the compiled engine: {}", file, reason);
		return xgboost;
	}

}
