package io.nightscore.cli;

import io.nightscore.job.JobNames;
import io.nightscore.monitoring.GateThresholds;
import picocli.CommandLine.Option;

import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The {@code score} options of the checks and the gate: thresholds, with their defaults
 * in {@link GateThresholds}. A picocli mixin; every option is also an environment
 * variable ({@code --psi-hold} from {@code NIGHTSCORE_PSI_HOLD}).
 */
final class RunChecksOptions {

	@Option(names = "--psi-warn", paramLabel = "PSI", defaultValue = "" + GateThresholds.DEFAULT_PSI_WARN,
			description = "Warn when a feature's or the scores' PSI exceeds this. Default: ${DEFAULT-VALUE}.")
	double psiWarn;

	@Option(names = "--psi-hold", paramLabel = "PSI", defaultValue = "" + GateThresholds.DEFAULT_PSI_HOLD,
			description = "HOLD the run (exit 7) when a feature's or the scores' PSI against the training profile or"
					+ " the previous published run exceeds this. Default: ${DEFAULT-VALUE}.")
	double psiHold;

	@Option(names = "--high-band-change-hold", paramLabel = "SHARE",
			defaultValue = "" + GateThresholds.DEFAULT_HIGH_BAND_CHANGE_HOLD,
			description = "HOLD the run when the high band's share moved by more than this since the previous published"
					+ " run (0.1 = ten points; half of it warns). Default: ${DEFAULT-VALUE}.")
	double highBandChangeHold;

	@Option(names = "--max-input-age-days", paramLabel = "DAYS",
			defaultValue = "" + GateThresholds.DEFAULT_MAX_INPUT_AGE_DAYS,
			description = "HOLD the run when its input (newest file, or _SUCCESS marker) is older than this on the"
					+ " scoring date. Default: ${DEFAULT-VALUE}.")
	double maxInputAgeDays;

	@Option(names = "--min-rows-for-checks", paramLabel = "N", defaultValue = "" + GateThresholds.DEFAULT_MIN_ROWS,
			description = "Distributions with fewer rows are too small to judge: their PSI and band checks are"
					+ " recorded as skipped. Default: ${DEFAULT-VALUE}.")
	long minRows;

	@Option(names = "--segment-column", paramLabel = "COLUMN",
			description = "An input column (e.g. a region) to record band shares per segment by, flagging segments whose"
					+ " high-band share differs from the whole run's by more than --segment-difference. Default: none.")
	String segmentColumn;

	@Option(names = "--segment-difference", paramLabel = "SHARE",
			defaultValue = "" + GateThresholds.DEFAULT_SEGMENT_DIFFERENCE,
			description = "With --segment-column: flag a segment whose high-band share differs from the whole run's by"
					+ " more than this. Default: ${DEFAULT-VALUE}.")
	double segmentDifference;

	@Option(names = "--hold-on-segments",
			description = "With --segment-column: a flagged segment holds the run (otherwise it is only reported).")
	boolean holdOnSegments;

	/** The message for the first bad value, or {@code null}. */
	String problem() {
		if (!(this.psiWarn >= 0) || !(this.psiHold >= 0)) {
			return "--psi-warn and --psi-hold must be at least 0, not " + this.psiWarn + " and " + this.psiHold;
		}
		if (this.psiWarn > this.psiHold) {
			return "--psi-warn (" + this.psiWarn + ") must not exceed --psi-hold (" + this.psiHold + ")";
		}
		if (!(this.highBandChangeHold >= 0 && this.highBandChangeHold <= 1)) {
			return "--high-band-change-hold must be between 0 and 1, not " + this.highBandChangeHold;
		}
		if (!(this.maxInputAgeDays >= 0)) {
			return "--max-input-age-days must be at least 0, not " + this.maxInputAgeDays;
		}
		if (!(this.segmentDifference >= 0 && this.segmentDifference <= 1)) {
			return "--segment-difference must be between 0 and 1, not " + this.segmentDifference;
		}
		if (this.segmentColumn != null && this.segmentColumn.isBlank()) {
			return "--segment-column must name a column, not be blank";
		}
		if (this.minRows < 0) {
			return "--min-rows-for-checks must be at least 0, not " + this.minRows;
		}
		return null;
	}

	void addTo(JobParametersBuilder builder) {
		builder.addDouble(JobNames.PSI_WARN, this.psiWarn, false)
			.addDouble(JobNames.PSI_HOLD, this.psiHold, false)
			.addDouble(JobNames.HIGH_BAND_CHANGE_HOLD, this.highBandChangeHold, false)
			.addDouble(JobNames.MAX_INPUT_AGE_DAYS, this.maxInputAgeDays, false)
			.addLong(JobNames.MIN_ROWS_FOR_CHECKS, this.minRows, false)
			.addDouble(JobNames.SEGMENT_DIFFERENCE, this.segmentDifference, false)
			.addString(JobNames.HOLD_ON_SEGMENTS, Boolean.toString(this.holdOnSegments), false);
		if (this.segmentColumn != null) {
			builder.addString(JobNames.SEGMENT_COLUMN, this.segmentColumn, false);
		}
	}

}
