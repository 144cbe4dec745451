package io.nightscore.scoring;

/**
 * Explains scores: the exact SHAP contribution of every feature to each row's margin (the
 * log-odds before the logistic function), plus the bias, so that a row's contributions
 * and bias add up to its margin.
 *
 * <p>
 * Not thread-safe: each thread asks its {@link ExplainingEngine} for an explainer of its
 * own and closes it when done. Explaining costs about a hundred predictions per row: call
 * it only for the rows that need it.
 */
public interface Explainer extends AutoCloseable {

	/**
	 * Explain {@code rows} rows laid out row-major in {@code features}, the model's
	 * features in the model's order ({@link Float#NaN} is missing).
	 * @return {@code rows × (featureCount + 1)} contributions, row-major; the last column
	 * of each row is the bias
	 */
	float[] contributions(float[] features, int rows);

	/** The number of features a row has; a row of contributions has one more. */
	int featureCount();

	@Override
	void close();

}
