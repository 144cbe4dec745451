package io.nightscore.scoring.compiled;

import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringEngine;

/**
 * The compiled-forest engine: scores in plain Java with a {@link CompiledForest}, exactly
 * as XGBoost4J does (checked at load by {@link EquivalenceCheck}). Thread-safe; its
 * scorers share the immutable forest and hold no native memory.
 */
public final class CompiledEngine implements ScoringEngine {

	/** The name runs record for this engine. */
	public static final String NAME = "compiled";

	private final CompiledForest forest;

	public CompiledEngine(CompiledForest forest) {
		this.forest = forest;
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
	public void close() {
		// nothing native to free
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
