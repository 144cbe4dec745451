package io.nightscore.sampledata;

import java.util.Arrays;

/**
 * A synthetic customer as the scoring job and XGBoost see it: the id, the features in
 * {@link ChurnDataGenerator#FEATURE_NAMES} order and the label.
 *
 * <p>
 * Feature values are what the job derives from the Parquet file: {@code Float.NaN} for
 * null, 1/0 for booleans, decimals as
 * {@code BigDecimal.valueOf(unscaled, scale).floatValue()} and doubles cast to float. Two
 * customers are equal when id, label and every feature bit are equal.
 *
 * @param customerId the id, {@code C00000001} for the first customer
 * @param features the feature values, one per feature name
 * @param churned the label, which the scoring job ignores
 */
public record ChurnCustomer(String customerId, float[] features, boolean churned) {

	@Override
	public boolean equals(Object other) {
		return (other instanceof ChurnCustomer customer) && this.customerId.equals(customer.customerId)
				&& this.churned == customer.churned && Arrays.equals(this.features, customer.features);
	}

	@Override
	public int hashCode() {
		return 31 * this.customerId.hashCode() + Arrays.hashCode(this.features);
	}

	@Override
	public String toString() {
		return "ChurnCustomer[" + this.customerId + ", churned=" + this.churned + ", features="
				+ Arrays.toString(this.features) + "]";
	}

}
