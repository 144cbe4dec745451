package io.nightscore.sampledata;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The quality of churn probabilities on held-out customers: ROC AUC and log loss.
 *
 * @param rows how many customers were scored
 * @param auc the area under the ROC curve (0.5 is chance), {@code NaN} if only one class
 * occurs
 * @param logLoss the mean binary log loss
 */
public record HoldoutMetrics(int rows, double auc, double logLoss) {

	private static final double EPSILON = 1e-15;

	/**
	 * Compute the metrics.
	 * @param probabilities the predicted churn probabilities
	 * @param labels the labels, 1 for churned and 0 otherwise
	 * @return the metrics
	 */
	static HoldoutMetrics of(float[] probabilities, float[] labels) {
		if (probabilities.length != labels.length) {
			throw new IllegalArgumentException(
					probabilities.length + " predictions for " + labels.length + " labels; expected one each");
		}
		double loss = 0;
		for (int i = 0; i < labels.length; i++) {
			double p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i]));
			loss -= (labels[i] > 0.5f) ? Math.log(p) : Math.log(1 - p);
		}
		return new HoldoutMetrics(labels.length, auc(probabilities, labels), loss / labels.length);
	}

	/** Mann-Whitney AUC with ties given their average rank. */
	private static double auc(float[] probabilities, float[] labels) {
		Integer[] order = IntStream.range(0, labels.length).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i]));
		double positiveRankSum = 0;
		long positives = 0;
		int start = 0;
		while (start < order.length) {
			int end = start;
			while (end + 1 < order.length && probabilities[order[end + 1]] == probabilities[order[start]]) {
				end++;
			}
			double averageRank = (start + end) / 2.0 + 1;
			for (int k = start; k <= end; k++) {
				if (labels[order[k]] > 0.5f) {
					positiveRankSum += averageRank;
					positives++;
				}
			}
			start = end + 1;
		}
		long negatives = labels.length - positives;
		if (positives == 0 || negatives == 0) {
			return Double.NaN;
		}
		return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
	}

}
