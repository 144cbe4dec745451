package io.nightscore.scoring.compiled;

import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.ExplainingEngine;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringEngine;

/**
 * The compiled-forest engine: scores in plain Java with a {@link CompiledForest}, exactly
 * as XGBoost4J does (checked at load by {@link EquivalenceCheck}). Explanations (SHAP)
 * come from the engine it was checked against, which it keeps and closes. Thread-safe;
 * its scorers share the immutable forest and hold no native memory.
 */
public final class CompiledEngine implements ScoringEngine, ExplainingEngine {

	/** The name runs record for this engine. */
	public static final String NAME = "compiled";

	private final CompiledForest forest;

	private final ExplainingEngine explanations;

	/**
	 * @param explanations the engine that explains this forest's scores (XGBoost4J's
	 * {@code predictContrib}); closed with this engine
	 */
	public CompiledEngine(CompiledForest forest, ExplainingEngine explanations) {
		this.forest = forest;
		this.explanations = explanations;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Scorer newScorer() {
		return new CompiledScorer(this.forest);
	}

	@Override
	public Explainer newExplainer() {
		return this.explanations.newExplainer();
	}

	@Override
	public void close() {
		this.explanations.close();
	}

	/** A scorer on the shared forest; stateless, so closing it does nothing. */
	private record CompiledScorer(CompiledForest forest) implements Scorer {

		@Override
		public float[] score(float[] features, int rows) {
			return (rows == 0) ? new float[0] : this.forest.score(features, rows);
		}

		@Override
		public void close() {
		}

	}

}
