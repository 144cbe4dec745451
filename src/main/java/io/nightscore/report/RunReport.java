package io.nightscore.report;

import java.time.LocalDate;
import java.util.List;

/**
 * What the report shows of one run, as read from the database. A section whose data was
 * never recorded holds {@code null} (or an empty list) and says so on the page: nothing
 * here is ever made up.
 *
 * @param run the run's own record
 * @param scores score distributions: this run, the previous published run, the training
 * reference (each {@code null} when not recorded)
 * @param weeks band shares of recent weeks, oldest first
 * @param drift per-feature drift, most drifted first ({@code null}: not recorded)
 * @param checks the gate's checks that warned or held ({@code null}: not recorded, e.g.
 * for a run that failed or is still running)
 * @param rejects rejected rows by reason, most frequent first
 * @param importances mean |SHAP| per feature, largest first (empty: not recorded)
 */
record RunReport(Run run, ScoreDistributions scores, List<WeekBands> weeks, List<FeatureDrift> drift,
		List<Check> checks, List<Count> rejects, List<Importance> importances) {

	/** The run's record in {@code scoring_run}. */
	record Run(long runId, LocalDate scoringDate, int rerun, String status, boolean published, String modelVersion,
			Long rowsScored, Long rowsRejected, String startedAt, String finishedAt, String heldReasons,
			Long explainedRows) {
	}

	/**
	 * Shares of rows per score bin, over {@code bins} equal bins of [0, 1].
	 */
	record ScoreDistributions(int bins, double[] current, Long previousRunId, double[] previous, double[] reference) {
	}

	/** One week's (one published run's) band shares. */
	record WeekBands(LocalDate scoringDate, long runId, double high, double medium, double low) {
	}

	/**
	 * One feature's drift: PSI against the training reference and the previous run, and
	 * the shares per bin (the null bin last) of the reference and of this run.
	 */
	record FeatureDrift(String feature, Double psiReference, Double psiPrevious, List<String> binLabels,
			double[] referenceShares, double[] runShares) {

		double worstPsi() {
			return Math.max((this.psiReference != null) ? this.psiReference : 0,
					(this.psiPrevious != null) ? this.psiPrevious : 0);
		}

	}

	/** One check of the gate that did not pass quietly. */
	record Check(String name, String subject, Double value, Double holdThreshold, String verdict, String detail) {
	}

	/** A labelled count. */
	record Count(String label, long count) {
	}

	/** A feature's mean |SHAP| over the run's sample. */
	record Importance(String feature, double meanAbsShap, long sampleRows) {
	}

}
