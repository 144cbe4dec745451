package io.nightscore.input;

import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Checks one row before it is scored: a row without a customer id, or with a stored NaN
 * or infinity in a feature (unlike a null, which is XGBoost's legitimate missing value),
 * is marked rejected with a reason a person understands. Rows are never filtered: the
 * writer stores the rejects in the same transaction as the chunk's predictions.
 *
 * <p>
 * Stateless and thread-safe.
 */
public class CustomerRowCheckProcessor implements ItemProcessor<CustomerRow, CustomerRow> {

	private final List<String> featureNames;

	public CustomerRowCheckProcessor(List<String> featureNames) {
		this.featureNames = List.copyOf(featureNames);
	}

	@Override
	public CustomerRow process(CustomerRow row) {
		if (row.customerId() == null || row.customerId().isBlank()) {
			return row.reject((row.customerId() == null) ? "customer id is null" : "customer id is blank");
		}
		if (row.nonFiniteFeature() >= 0) {
			float value = row.features()[row.nonFiniteFeature()];
			return row.reject("feature '" + this.featureNames.get(row.nonFiniteFeature()) + "' holds " + value
					+ " (not a finite number; a null would have been scored as missing)");
		}
		return row;
	}

}
