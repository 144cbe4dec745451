package io.nightscore.input;

import java.util.List;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Checks every row of a block before it is scored: a row without a customer id, with an
 * id the reader could not decode (too long, invalid UTF-8, control characters: see
 * {@link CustomerBlock#idProblem}), or with a stored NaN or infinity in a feature (unlike
 * a null, which is XGBoost's legitimate missing value), is marked rejected with a reason
 * a person understands. Rows are never filtered: the writer stores the rejects in the
 * same transaction as the chunk's predictions.
 *
 * <p>
 * Stateless and thread-safe.
 */
public class CustomerRowCheckProcessor implements ItemProcessor<CustomerBlock, CustomerBlock> {

	private final List<String> featureNames;

	public CustomerRowCheckProcessor(List<String> featureNames) {
		this.featureNames = List.copyOf(featureNames);
	}

	@Override
	public CustomerBlock process(CustomerBlock block) {
		String[] reasons = null;
		for (int row = 0; row < block.rows(); row++) {
			String reason = check(block, row);
			if (reason != null) {
				reasons = (reasons != null) ? reasons : new String[block.rows()];
				reasons[row] = reason;
			}
		}
		return (reasons != null) ? block.withRejects(reasons) : block;
	}

	private String check(CustomerBlock block, int row) {
		String idProblem = block.idProblem(row);
		if (idProblem != null) {
			return idProblem;
		}
		String id = block.customerId(row);
		if (id == null || id.isBlank()) {
			return (id == null) ? "customer id is null" : "customer id is blank";
		}
		int feature = block.nonFiniteFeature(row);
		if (feature >= 0) {
			return "feature '" + this.featureNames.get(feature) + "' holds " + block.feature(row, feature)
					+ " (not a finite number; a null would have been scored as missing)";
		}
		return null;
	}

}
