package io.nightscore.serve;

/**
 * A parsed scoring request: the customers' ids and their features as one row-major matrix
 * in the model's feature order ({@link Float#NaN} where a value was null), the layout the
 * batch job scores.
 *
 * @param batch whether the body was an array (answered with an array)
 * @param customerIds one id per customer
 * @param features {@code customerIds.length} rows of the model's features
 */
record ScoreRequest(boolean batch, String[] customerIds, float[] features) {

	int rows() {
		return this.customerIds.length;
	}

}
