package io.nightscore.scoring;

/**
 * Scores rows of features with one model, in whichever engine it was built for.
 *
 * <p>
 * Not thread-safe: each scoring thread asks its {@link ScoringEngine} for a scorer of its
 * own, and closes it when done, which hands whatever native resources it holds back to
 * the engine.
 */
public interface Scorer extends AutoCloseable {

	/**
	 * Score {@code rows} rows laid out row-major in {@code features}, the model's
	 * features in the model's order. {@link Float#NaN} is a missing value; every other
	 * value must be finite.
	 * @return one churn probability per row
	 */
	float[] score(float[] features, int rows);

	@Override
	void close();

}
