package io.nightscore.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.nightscore.monitoring.RunEvaluation.BandShare;
import io.nightscore.monitoring.RunEvaluation.MeasuredHistogram;

/**
 * Judges a run's measurements against the model's training profile and the previous
 * published run: PSI per feature and for the scores, the high band's share change, the
 * input's age, and segments whose high-band share stands out. Pure computation: no
 * database, thread-safe.
 */
public final class RunChecks {

	static final String HIGH = "high";

	static final String SCORE = "score";

	private final GateThresholds thresholds;

	public RunChecks(GateThresholds thresholds) {
		this.thresholds = thresholds;
	}

	/**
	 * Evaluate a run.
	 * @param run what the run measured
	 * @param edgesFrom where the run's edges come from
	 * @param reference the model's training profile, or {@code null} when the model has
	 * none
	 * @param previous the previous published run, or {@code null} when there is none
	 * @param inputAgeDays the input's age on the scoring date, in days
	 */
	public RunEvaluation evaluate(RunMeasurements run, String edgesFrom, RunMeasurements reference,
			RunMeasurements previous, double inputAgeDays) {
		List<MeasuredHistogram> histograms = new ArrayList<>();
		List<Check> checks = new ArrayList<>();
		int position = 0;
		for (Map.Entry<String, Histogram> feature : run.features().entrySet()) {
			String name = feature.getKey();
			histograms.add(compare("feature", name, position++, edgesFrom, feature.getValue(),
					feature.getValue().quantiles(), (reference != null) ? reference.features().get(name) : null,
					previous, (previous != null) ? previous.features().get(name) : null, checks));
		}
		double[] scoreQuantiles = (run.scoreQuantiles() != null) ? run.scoreQuantiles() : run.score().quantiles();
		histograms.add(compare(SCORE, SCORE, 0, edgesFrom, run.score(), scoreQuantiles,
				(reference != null) ? reference.score() : null, previous, (previous != null) ? previous.score() : null,
				checks));
		List<BandShare> bands = bands(run, previous);
		checks.add(highBandChange(run, previous));
		checks.addAll(segments(run));
		checks.add(Check.judge("input_age_days", "input", inputAgeDays, this.thresholds.maxInputAgeDays(),
				this.thresholds.maxInputAgeDays(), true,
				"days between the input's newest file (or its _SUCCESS marker) and the scoring date"));
		return new RunEvaluation(histograms, bands, checks);
	}

	/**
	 * The check that stands for the segments of a column with more than {@code max}
	 * distinct values, which were not counted: skipped, so it never holds.
	 */
	public static Check segmentsNotCounted(String column, int max) {
		return Check.skipped("segment_high_share", column, "--segment-column " + column + " has more than " + max
				+ " distinct values: segments were not counted; name a column with a few values, such as a region");
	}

	private MeasuredHistogram compare(String subject, String name, int position, String edgesFrom, Histogram current,
			double[] quantiles, Histogram reference, RunMeasurements previousRun, Histogram previous,
			List<Check> checks) {
		String checked = checkSubject(subject, name);
		double psiReference = psi("psi_reference", checked, current, reference, "against the training profile",
				"the model has no training profile (register it with `nightscore model add --training-data`)", checks);
		double psiPrevious = psi("psi_previous", checked, current, previous,
				(previousRun != null) ? "against run " + previousRun.runId() : "", "there is no previous published run"
						+ ((previousRun != null) ? " binned on the same edges (its model differs)" : ""),
				checks);
		return new MeasuredHistogram(subject, name, position, edgesFrom, current, quantiles, psiReference, psiPrevious,
				(previousRun != null) ? previousRun.runId() : -1);
	}

	/**
	 * The subject of a histogram's checks: the feature's name, or {@code score}; a
	 * feature that is itself named {@code score} is {@code feature score}, so that its
	 * checks and the scores' stay apart ({@code run_check} has one row per check and
	 * subject).
	 */
	static String checkSubject(String subject, String name) {
		return ("feature".equals(subject) && SCORE.equals(name)) ? "feature " + name : name;
	}

	private double psi(String check, String subject, Histogram current, Histogram expected, String against,
			String missing, List<Check> checks) {
		if (expected != null && (current.rows() == 0 || expected.rows() == 0)) {
			checks.add(Check.skipped(check, subject,
					"PSI " + against + " not computed: " + current.rows() + " rows against " + expected.rows()));
			return Double.NaN;
		}
		if (expected == null || Double.isNaN(current.psi(expected))) {
			checks.add(Check.skipped(check, subject, missing));
			return Double.NaN;
		}
		double psi = current.psi(expected);
		if (current.rows() < this.thresholds.minRows() || expected.rows() < this.thresholds.minRows()) {
			checks.add(new Check(check, subject, psi, Double.NaN, Double.NaN, Check.Verdict.SKIPPED,
					"too few rows to judge (" + current.rows() + " against " + expected.rows() + "; at least "
							+ this.thresholds.minRows() + ")"));
			return psi;
		}
		checks.add(Check.judge(check, subject, psi, this.thresholds.psiWarn(), this.thresholds.psiHold(), true,
				"PSI " + against));
		return psi;
	}

	private static List<BandShare> bands(RunMeasurements run, RunMeasurements previous) {
		List<BandShare> bands = new ArrayList<>();
		run.bands()
			.forEach((band, customers) -> bands.add(new BandShare("", band, customers, run.share(band),
					(previous != null) ? previous.share(band) : Double.NaN)));
		run.segments()
			.forEach((segment, counts) -> counts.forEach((band,
					customers) -> bands.add(new BandShare(segment, band, customers, RunMeasurements.share(counts, band),
							(previous != null && previous.segments().containsKey(segment))
									? RunMeasurements.share(previous.segments().get(segment), band) : Double.NaN))));
		return bands;
	}

	private Check highBandChange(RunMeasurements run, RunMeasurements previous) {
		if (previous == null || previous.customers() == 0) {
			return Check.skipped("high_band_change", HIGH, "there is no previous published run");
		}
		double change = Math.abs(run.share(HIGH) - previous.share(HIGH));
		String detail = String.format(Locale.ROOT, "high band share %.4f against %.4f in run %d", run.share(HIGH),
				previous.share(HIGH), previous.runId());
		if (run.customers() < this.thresholds.minRows() || previous.customers() < this.thresholds.minRows()) {
			return new Check("high_band_change", HIGH, change, Double.NaN, Double.NaN, Check.Verdict.SKIPPED,
					"too few rows to judge; " + detail);
		}
		double hold = this.thresholds.highBandChangeHold();
		return Check.judge("high_band_change", HIGH, change, hold / 2, hold, true, detail);
	}

	private List<Check> segments(RunMeasurements run) {
		List<Check> checks = new ArrayList<>();
		double whole = run.share(HIGH);
		run.segments().forEach((segment, counts) -> {
			double difference = Math.abs(RunMeasurements.share(counts, HIGH) - whole);
			double limit = this.thresholds.segmentDifference();
			String detail = String.format(Locale.ROOT, "high band share %.4f in the segment against %.4f overall",
					RunMeasurements.share(counts, HIGH), whole);
			long customers = counts.values().stream().mapToLong(Long::longValue).sum();
			if (customers < this.thresholds.minRows()) {
				checks.add(new Check("segment_high_share", segment, difference, Double.NaN, Double.NaN,
						Check.Verdict.SKIPPED, "too few rows to judge (" + customers + " customers; at least "
								+ this.thresholds.minRows() + "); " + detail));
				return;
			}
			checks.add(Check.judge("segment_high_share", segment, difference, limit, limit,
					this.thresholds.holdOnSegments(), detail));
		});
		return checks;
	}

}
