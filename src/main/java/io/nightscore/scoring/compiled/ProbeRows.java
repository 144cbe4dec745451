package io.nightscore.scoring.compiled;

import java.util.Arrays;
import java.util.Random;

import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.Tree;

/**
 * Rows that probe a forest where engines could disagree: for every split threshold of
 * every feature, a row holding the threshold itself and the floats just below and above
 * it, the other features drawn at random from their own thresholds, missing values and
 * very large values of either sign; plus rows all missing and all large. Stateless.
 */
final class ProbeRows {

	/** Beyond ±this XGBoost4J refuses a value (it rejects infinities); it is finite. */
	static final float LARGE = 3.0e38f;

	/** At most this many probe rows, however many thresholds a model has. */
	static final int MAX_ROWS = 120_000;

	private ProbeRows() {
	}

	/**
	 * Probe rows for {@code forest}, row-major, followed by {@code extraRows} rows of
	 * {@code extra} (e.g. the input's first rows).
	 */
	static float[] build(Forest forest, float[] extra, int extraRows) {
		int n = forest.numFeature();
		float[][] thresholds = thresholds(forest);
		Random random = new Random(forest.trees().size() * 31L + n);
		int probes = 0;
		for (float[] values : thresholds) {
			probes += values.length * 3;
		}
		int sample = Math.min(probes, MAX_ROWS - 3 - extraRows);
		float[] rows = new float[(3 + Math.max(sample, 0) + extraRows) * n];
		Arrays.fill(rows, 0, n, Float.NaN);
		Arrays.fill(rows, n, 2 * n, LARGE);
		Arrays.fill(rows, 2 * n, 3 * n, -LARGE);
		int row = 3;
		int probe = 0;
		for (int f = 0; f < n; f++) {
			for (float threshold : thresholds[f]) {
				for (float value : new float[] { Math.nextDown(threshold), threshold, Math.nextUp(threshold) }) {
					// every probe when they fit, an even spread of them when they do not
					if (row - 3 < sample && (long) probe * sample / probes == row - 3) {
						int at = row * n;
						for (int g = 0; g < n; g++) {
							rows[at + g] = background(thresholds[g], random);
						}
						rows[at + f] = Float.isFinite(value) ? value : threshold;
						row++;
					}
					probe++;
				}
			}
		}
		System.arraycopy(extra, 0, rows, row * n, extraRows * n);
		return Arrays.copyOf(rows, (row + extraRows) * n);
	}

	private static float background(float[] thresholds, Random random) {
		int pick = random.nextInt(8);
		if (pick == 0 || thresholds.length == 0) {
			return (pick == 0) ? Float.NaN : random.nextBoolean() ? LARGE : -LARGE;
		}
		if (pick == 1) {
			return random.nextBoolean() ? LARGE : -LARGE;
		}
		float threshold = thresholds[random.nextInt(thresholds.length)];
		float value = switch (pick % 3) {
			case 0 -> Math.nextDown(threshold);
			case 1 -> threshold;
			default -> Math.nextUp(threshold);
		};
		return Float.isFinite(value) ? value : threshold;
	}

	/** Per feature, its distinct finite split thresholds, sorted. */
	static float[][] thresholds(Forest forest) {
		float[][] perFeature = new float[forest.numFeature()][];
		int[] counts = new int[forest.numFeature()];
		for (int f = 0; f < perFeature.length; f++) {
			perFeature[f] = new float[8];
		}
		for (Tree tree : forest.trees()) {
			for (int node = 0; node < tree.size(); node++) {
				int feature = tree.splitIndices()[node];
				if (!tree.isLeaf(node) && feature >= 0 && feature < perFeature.length
						&& Float.isFinite(tree.splitConditions()[node])) {
					if (counts[feature] == perFeature[feature].length) {
						perFeature[feature] = Arrays.copyOf(perFeature[feature], counts[feature] * 2);
					}
					perFeature[feature][counts[feature]++] = tree.splitConditions()[node];
				}
			}
		}
		for (int f = 0; f < perFeature.length; f++) {
			float[] sorted = Arrays.copyOf(perFeature[f], counts[f]);
			Arrays.sort(sorted);
			int distinct = 0;
			for (int i = 0; i < sorted.length; i++) {
				if (i == 0 || sorted[i] != sorted[distinct - 1]) {
					sorted[distinct++] = sorted[i];
				}
			}
			perFeature[f] = Arrays.copyOf(sorted, distinct);
		}
		return perFeature;
	}

}
