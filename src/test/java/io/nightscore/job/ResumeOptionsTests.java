package io.nightscore.job;

import java.util.LinkedHashMap;
import java.util.Map;

import io.nightscore.ContractException;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a resume may not change, against the options its run's first attempt recorded (as
 * {@code RunMonitoringPreparer} records them: every job parameter's value as text). The
 * whole command line's refusal is in {@code ChangedInputIntegrationTests} and
 * {@code RejectedRowsIntegrationTests}.
 */
class ResumeOptionsTests {

	@Test
	void theSameOptionsResume() {
		assertThatCode(() -> ResumeOptions.check(4, recorded(started()), started().toJobParameters()))
			.doesNotThrowAnyException();
	}

	@Test
	void aLooserRejectRateIsRefusedNamingBothValues() {
		JobParameters now = started().addDouble(JobNames.MAX_REJECT_RATE, 0.5, false).toJobParameters();

		assertThatThrownBy(() -> ResumeOptions.check(4, recorded(started()), now)).isInstanceOf(ContractException.class)
			.hasMessage("Run 4 cannot resume with --max-reject-rate 0.5: it started with --max-reject-rate 0.01, and a"
					+ " run is judged by the thresholds it started with, which its audit trail records. Run it again"
					+ " with --max-reject-rate 0.01, or start the date afresh with --rerun");
	}

	@Test
	void everyGateThresholdIsHeldToItsStartingValue() {
		Map<String, String> recorded = recorded(started());
		assertRefused(recorded, started().addDouble(JobNames.PSI_WARN, 0.2, false), "with --psi-warn 0.2",
				"with --psi-warn 0.1");
		assertRefused(recorded, started().addDouble(JobNames.PSI_HOLD, 9.0, false), "with --psi-hold 9.0",
				"with --psi-hold 0.25");
		assertRefused(recorded, started().addDouble(JobNames.HIGH_BAND_CHANGE_HOLD, 1.0, false),
				"with --high-band-change-hold 1.0", "with --high-band-change-hold 0.1");
		assertRefused(recorded, started().addDouble(JobNames.MAX_INPUT_AGE_DAYS, 365.0, false),
				"with --max-input-age-days 365.0", "with --max-input-age-days 7.0");
		assertRefused(recorded, started().addLong(JobNames.MIN_ROWS_FOR_CHECKS, 1_000_000L, false),
				"with --min-rows-for-checks 1000000", "with --min-rows-for-checks 100");
		assertRefused(recorded, started().addDouble(JobNames.SEGMENT_DIFFERENCE, 1.0, false),
				"with --segment-difference 1.0", "with --segment-difference 0.15");
	}

	@Test
	void aFlagAndAnOptionalColumnReadAsTheyAreWrittenOnTheCommandLine() {
		JobParametersBuilder segmented = started().addString(JobNames.SEGMENT_COLUMN, "region", false)
			.addString(JobNames.HOLD_ON_SEGMENTS, "true", false);

		assertRefused(recorded(segmented), started().addString(JobNames.SEGMENT_COLUMN, "region", false),
				"without --hold-on-segments", "with --hold-on-segments");
		assertRefused(recorded(started()), started().addString(JobNames.SEGMENT_COLUMN, "region", false),
				"with --segment-column region", "without --segment-column");
		assertRefused(recorded(segmented), started().addString(JobNames.HOLD_ON_SEGMENTS, "true", false),
				"without --segment-column", "with --segment-column region");
	}

	@Test
	void aReadingOptionKeepsItsOwnReason() {
		JobParameters now = started().addString(JobNames.ID_COLUMN, "account", false).toJobParameters();

		assertThatThrownBy(() -> ResumeOptions.check(4, recorded(started()), now))
			.hasMessage("Run 4 cannot resume with --id-column account: it started with --id-column customer_id, and"
					+ " resuming would read its remaining rows otherwise than those already written. Run it again"
					+ " with --id-column customer_id, or start the date afresh with --rerun");
	}

	@Test
	void anOptionTheRunDidNotRecordIsNotCompared() {
		Map<String, String> beforeTheGate = recorded(started());
		beforeTheGate.keySet().removeIf((key) -> key.startsWith("gate.") || key.equals(JobNames.MAX_REJECT_RATE));
		JobParameters now = started().addDouble(JobNames.PSI_HOLD, 9.0, false)
			.addDouble(JobNames.MAX_REJECT_RATE, 0.5, false)
			.addString(JobNames.SEGMENT_COLUMN, "region", false)
			.toJobParameters();

		assertThatCode(() -> ResumeOptions.check(4, beforeTheGate, now)).doesNotThrowAnyException();
		assertThatCode(() -> ResumeOptions.check(4, Map.of(), now)).doesNotThrowAnyException();
	}

	@Test
	void aMaximumIdLengthNotRecordedIsTheDefault() {
		Map<String, String> recorded = recorded(started());
		recorded.remove(JobNames.MAX_ID_LENGTH);

		assertThatCode(() -> ResumeOptions.check(4, recorded, started().toJobParameters())).doesNotThrowAnyException();
		assertRefused(recorded, started().addLong(JobNames.MAX_ID_LENGTH, 64L, false), "with --max-id-length 64",
				"with --max-id-length 256");
	}

	private static void assertRefused(Map<String, String> recorded, JobParametersBuilder now, String resumedWith,
			String startedWith) {
		assertThatThrownBy(() -> ResumeOptions.check(4, recorded, now.toJobParameters()))
			.isInstanceOf(ContractException.class)
			.hasMessageStartingWith("Run 4 cannot resume " + resumedWith + ": it started " + startedWith + ", and")
			.hasMessageEndingWith("Run it again " + startedWith + ", or start the date afresh with --rerun");
	}

	/**
	 * The parameters of a run started with the defaults, as {@code RunRequest} sets them.
	 */
	private static JobParametersBuilder started() {
		return new JobParametersBuilder().addString(JobNames.SCORING_DATE, "2026-11-22")
			.addLong(JobNames.RERUN, 0L)
			.addString(JobNames.ID_COLUMN, "customer_id", false)
			.addDouble(JobNames.MAX_REJECT_RATE, 0.01, false)
			.addLong(JobNames.MAX_ID_LENGTH, 256L, false)
			.addDouble(JobNames.PSI_WARN, 0.1, false)
			.addDouble(JobNames.PSI_HOLD, 0.25, false)
			.addDouble(JobNames.HIGH_BAND_CHANGE_HOLD, 0.1, false)
			.addDouble(JobNames.MAX_INPUT_AGE_DAYS, 7.0, false)
			.addLong(JobNames.MIN_ROWS_FOR_CHECKS, 100L, false)
			.addDouble(JobNames.SEGMENT_DIFFERENCE, 0.15, false)
			.addString(JobNames.HOLD_ON_SEGMENTS, "false", false);
	}

	/** What the audit trail records of {@code parameters}: each value as text. */
	private static Map<String, String> recorded(JobParametersBuilder parameters) {
		Map<String, String> options = new LinkedHashMap<>();
		parameters.toJobParameters()
			.parameters()
			.forEach((parameter) -> options.put(parameter.name(), String.valueOf(parameter.value())));
		return options;
	}

}
