package io.nightscore.monitoring;

import java.util.List;

/**
 * The outcome of a run's checks: what to store ({@code run_histogram}, {@code run_band},
 * {@code run_check}) and whether the gate holds the run.
 *
 * @param histograms the run's histograms with their PSIs
 * @param bands the run's band shares, whole run and per segment
 * @param checks every check, in the order they were made
 */
public record RunEvaluation(List<MeasuredHistogram> histograms, List<BandShare> bands, List<Check> checks) {

	/**
	 * A stored histogram row: one feature's or the score's distribution in a run.
	 *
	 * @param subject {@code feature} or {@code score}
	 * @param name the feature's name, or {@code score}
	 * @param position the feature's position in the model, 0 for the score
	 * @param edgesFrom where the edges come from
	 * @param histogram the counts
	 * @param quantiles the values at {@link Histogram#QUANTILE_PROBABILITIES}
	 * @param psiReference the PSI against the training profile, or NaN
	 * @param psiPrevious the PSI against the previous published run, or NaN
	 * @param previousRunId the previous published run, or -1
	 */
	public record MeasuredHistogram(String subject, String name, int position, String edgesFrom, Histogram histogram,
			double[] quantiles, double psiReference, double psiPrevious, long previousRunId) {
	}

	/**
	 * A band's share of a run or of one of its segments ({@code ""} for the whole run).
	 */
	public record BandShare(String segment, String band, long customers, double share, double previousShare) {
	}

	/** This evaluation with one more check. */
	public RunEvaluation with(Check check) {
		List<Check> all = new java.util.ArrayList<>(this.checks);
		all.add(check);
		return new RunEvaluation(this.histograms, this.bands, all);
	}

	public boolean held() {
		return this.checks.stream().anyMatch((check) -> check.verdict() == Check.Verdict.HOLD);
	}

	/**
	 * The checks that hold the run, as one line:
	 * {@code psi_reference support_calls 0.41 > 0.25; ...}.
	 */
	public String heldReasons() {
		return String.join("; ",
				this.checks.stream()
					.filter((check) -> check.verdict() == Check.Verdict.HOLD)
					.map(Check::reason)
					.toList());
	}

	public List<Check> warnings() {
		return this.checks.stream().filter((check) -> check.verdict() == Check.Verdict.WARN).toList();
	}

}
