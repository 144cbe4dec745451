package io.nightscore.scoring.compiled;

import java.util.Locale;

/**
 * Which engine scores a run ({@code --engine}): {@code auto} (the compiled forest when it
 * supports the model and matches XGBoost4J at load, XGBoost4J otherwise),
 * {@code compiled} (the compiled forest or a refusal), {@code xgboost} (always
 * XGBoost4J).
 */
public enum ScoringEngineChoice {

	AUTO, COMPILED, XGBOOST;

	/** The choice named by {@code --engine} / {@code NIGHTSCORE_ENGINE}. */
	public static ScoringEngineChoice parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new IllegalArgumentException("--engine must be auto, compiled or xgboost, not '" + text + "'");
		}
	}

	public String option() {
		return name().toLowerCase(Locale.ROOT);
	}

}
