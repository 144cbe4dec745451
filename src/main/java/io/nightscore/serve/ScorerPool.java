package io.nightscore.serve;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringModel;

/**
 * Lends the request threads the model's {@link Scorer}s and {@link Explainer}s, which are
 * not thread-safe: a request takes an idle one (or a new one when all are busy), uses it
 * alone and gives it back. The pool grows to the number of requests scored at once, which
 * the server's thread pool bounds. Thread-safe; {@link #close} releases the idle scorers.
 */
final class ScorerPool implements AutoCloseable {

	private final ScoringModel model;

	private final Queue<Scorer> idle = new ConcurrentLinkedQueue<>();

	private final Queue<Explainer> idleExplainers = new ConcurrentLinkedQueue<>();

	ScorerPool(ScoringModel model) {
		this.model = model;
	}

	/** Score {@code rows} rows of the model's features with a scorer of the pool. */
	float[] score(float[] features, int rows) {
		Scorer scorer = this.idle.poll();
		if (scorer == null) {
			scorer = this.model.newScorer();
		}
		try {
			return scorer.score(features, rows);
		}
		finally {
			this.idle.add(scorer);
		}
	}

	/**
	 * The SHAP contributions of {@code rows} rows, as the batch job's explainer computes
	 * them: {@code rows × (features + 1)}, the bias last.
	 */
	float[] contributions(float[] features, int rows) {
		Explainer explainer = this.idleExplainers.poll();
		if (explainer == null) {
			explainer = this.model.newExplainer();
		}
		try {
			return explainer.contributions(features, rows);
		}
		finally {
			this.idleExplainers.add(explainer);
		}
	}

	@Override
	public void close() {
		for (Scorer scorer = this.idle.poll(); scorer != null; scorer = this.idle.poll()) {
			scorer.close();
		}
		for (Explainer explainer = this.idleExplainers.poll(); explainer != null; explainer = this.idleExplainers
			.poll()) {
			explainer.close();
		}
	}

}
