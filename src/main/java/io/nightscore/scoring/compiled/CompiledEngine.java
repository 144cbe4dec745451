package io.nightscore.scoring.compiled;

import java.util.function.Supplier;

import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.ExplainingEngine;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringEngine;

/**
 * The compiled-forest engine: scores in plain Java with a {@link CompiledForest}, exactly
 * as XGBoost4J does (checked at load by {@link EquivalenceCheck}). Explanations (SHAP)
 * come from {@link ForestShap} when it matches XGBoost4J ({@link ExplanationCheck}, made
 * when the first explainer is asked for, so that a run that explains nothing pays
 * nothing), otherwise from the engine it was checked against, which it keeps and closes.
 * Thread-safe; its scorers share the immutable forest and hold no native memory.
 */
public final class CompiledEngine implements ScoringEngine, ExplainingEngine {

	/** The name runs record for this engine. */
	public static final String NAME = "compiled";

	private final CompiledForest forest;

	private final ExplainingEngine oracle;

	private final Supplier<ForestShap> shapLoader;

	private ForestShap shap;

	private boolean shapLoaded;

	/**
	 * @param oracle the engine this forest was checked against (XGBoost4J); closed with
	 * this engine
	 * @param shapLoader makes what explains this forest's scores, or {@code null} for the
	 * oracle's {@code predictContrib}; called once, for the first explainer
	 */
	public CompiledEngine(CompiledForest forest, ExplainingEngine oracle, Supplier<ForestShap> shapLoader) {
		this.forest = forest;
		this.oracle = oracle;
		this.shapLoader = shapLoader;
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
		ForestShap shap = shap();
		return (shap != null) ? shap.newExplainer() : this.oracle.newExplainer();
	}

	private synchronized ForestShap shap() {
		if (!this.shapLoaded) {
			this.shap = this.shapLoader.get();
			this.shapLoaded = true;
		}
		return this.shap;
	}

	@Override
	public void close() {
		this.oracle.close();
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
