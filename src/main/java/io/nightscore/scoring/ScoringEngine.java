package io.nightscore.scoring;

/**
 * One model made ready to score by one engine (XGBoost4J today): a factory for the
 * {@link Scorer}s of the threads that score with it.
 *
 * <p>
 * Thread-safe. Closing it frees what no open scorer holds.
 */
public interface ScoringEngine extends AutoCloseable {

	/** The engine's name as runs record it, e.g. {@code xgboost}. */
	String name();

	/** A scorer for the calling thread, to be closed by that thread. */
	Scorer newScorer();

	@Override
	void close();

}
