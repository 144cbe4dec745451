package io.nightscore.sampledata;

/**
 * One generated customer with its values in the generator's raw form (see
 * {@link FeatureType}), indexed by {@link ChurnFeature#ordinal()}.
 *
 * @param index the customer's position in the data set, from 0
 * @param state the two-letter state code, a column the model does not use
 * @param values the raw feature values, {@code NaN} for null
 * @param churned the label
 */
record SampledCustomer(long index, String state, double[] values, boolean churned) {

	private static final int ID_DIGITS = 8;

	/**
	 * The customer id, {@code C} and the 1-based index in at least eight digits:
	 * {@code C00000001}.
	 */
	String customerId() {
		String digits = Long.toString(this.index + 1);
		return "C" + "0".repeat(Math.max(0, ID_DIGITS - digits.length())) + digits;
	}

	/** The features as XGBoost sees them, in model order. */
	float[] features() {
		ChurnFeature[] features = ChurnFeature.values();
		float[] floats = new float[features.length];
		for (int i = 0; i < features.length; i++) {
			floats[i] = features[i].type().toFloat(this.values[i]);
		}
		return floats;
	}

	ChurnCustomer toChurnCustomer() {
		return new ChurnCustomer(customerId(), features(), this.churned);
	}

}
