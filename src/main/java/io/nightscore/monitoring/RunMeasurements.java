package io.nightscore.monitoring;

import java.util.Map;

/**
 * What a run, or the reference it is compared with, measured: per feature its histogram,
 * the score histogram and exact score quantiles, and band counts for the whole run and
 * per segment. A reference profile has no bands; a run without a segment column has no
 * segments.
 *
 * @param runId the run, or -1 for a model's training profile
 * @param features the feature histograms by name, in the model's order
 * @param score the score histogram
 * @param scoreQuantiles the scores at {@link Histogram#QUANTILE_PROBABILITIES}, or
 * {@code null} to interpolate them from the histogram
 * @param bands customers per band ({@code high}, {@code medium}, {@code low})
 * @param segments customers per band, per segment
 */
public record RunMeasurements(long runId, Map<String, Histogram> features, Histogram score, double[] scoreQuantiles,
		Map<String, Long> bands, Map<String, Map<String, Long>> segments) {

	/** The share of this run's scored customers in {@code band}, or NaN without bands. */
	public double share(String band) {
		return share(this.bands, band);
	}

	public long customers() {
		return this.bands.values().stream().mapToLong(Long::longValue).sum();
	}

	static double share(Map<String, Long> bands, String band) {
		long total = bands.values().stream().mapToLong(Long::longValue).sum();
		return (total == 0) ? Double.NaN : (double) bands.getOrDefault(band, 0L) / total;
	}

}
