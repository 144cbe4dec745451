package io.nightscore.scoring;

import java.util.List;

/**
 * Picks a row's reasons from its SHAP contributions: up to {@value #TOP} features that
 * pushed the score up the most, largest contribution first, with the row's value of each.
 * Features that pushed the score down are never reasons, so a row may have fewer than
 * three; ties keep the model's feature order. Stateless.
 */
public final class TopReasons {

	/** How many reasons a row gets at most. */
	public static final int TOP = 3;

	private TopReasons() {
	}

	/**
	 * The largest positive contributions of one row.
	 * @param contributions a row-major matrix of contributions (one column per feature,
	 * then the bias)
	 * @param features the rows' features, row-major
	 * @param row the row within {@code contributions} and {@code features}
	 * @param names the model's feature names
	 */
	public static ScoreReason[] of(float[] contributions, float[] features, int row, List<String> names) {
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
		ScoreReason[] reasons = new ScoreReason[count];
		for (int i = 0; i < count; i++) {
			reasons[i] = new ScoreReason(names.get(best[i]), features[row * featureCount + best[i]],
					contributions[base + best[i]]);
		}
		return reasons;
	}

}
