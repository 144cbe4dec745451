package io.nightscore.scoring;

import java.util.List;

/**
 * Why one customer scored high: up to {@value #TOP} features that pushed the score up the
 * most, largest contribution first, with the customer's value of each ({@code NaN} when
 * missing) and its SHAP contribution to the margin (log-odds). Features that pushed the
 * score down are never reasons, so a row may have fewer than three.
 *
 * @param features the features' names, largest contribution first
 * @param values the row's value of each, {@link Float#NaN} when missing
 * @param contributions each feature's SHAP contribution, all positive, descending
 */
public record ReasonCodes(List<String> features, float[] values, float[] contributions) {

	/** How many reasons a row gets at most. */
	public static final int TOP = 3;

	/**
	 * The largest positive contributions of one row.
	 * @param contributions a row-major matrix of contributions (one column per feature,
	 * then the bias)
	 * @param row the row within {@code contributions} and {@code features}
	 * @param features the rows' features, row-major
	 * @param names the model's feature names
	 */
	public static ReasonCodes top(float[] contributions, float[] features, int row, List<String> names) {
		int featureCount = names.size();
		int base = row * (featureCount + 1);
		int[] best = new int[TOP];
		int count = 0;
		for (int feature = 0; feature < featureCount; feature++) {
			float contribution = contributions[base + feature];
			if (!(contribution > 0)) {
				continue;
			}
			int at = count;
			while (at > 0 && contributions[base + best[at - 1]] < contribution) {
				at--;
			}
			if (at < TOP) {
				System.arraycopy(best, at, best, at + 1, Math.min(count, TOP - 1) - at);
				best[at] = feature;
				count = Math.min(count + 1, TOP);
			}
		}
		String[] chosen = new String[count];
		float[] values = new float[count];
		float[] amounts = new float[count];
		for (int i = 0; i < count; i++) {
			chosen[i] = names.get(best[i]);
			values[i] = features[row * featureCount + best[i]];
			amounts[i] = contributions[base + best[i]];
		}
		return new ReasonCodes(List.of(chosen), values, amounts);
	}

	/** The number of reasons, 0 to {@value #TOP}. */
	public int count() {
		return this.features.size();
	}

}
