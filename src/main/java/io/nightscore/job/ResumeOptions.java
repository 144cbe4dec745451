package io.nightscore.job;

import java.util.List;
import java.util.Map;

import io.nightscore.ContractException;
import io.nightscore.input.ParquetCustomerReader;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The options a run resumes with as it started, compared with those its audit trail
 * recorded at its first attempt: the ones that decide how its rows are read (another id
 * column gives its customers other ids, another maximum id length rejects other rows, and
 * the run would publish a mix of both), and the ones it is judged by (the reject rate and
 * the gate's thresholds: a run that failed or was held under them would otherwise pass on
 * a resume with looser ones, while its audit trail still shows the first). Another value
 * refuses the resume (exit 2) and names both values; {@code --rerun} starts the date
 * afresh with any options.
 */
final class ResumeOptions {

	private static final String READ_OTHERWISE = "resuming would read its remaining rows otherwise than those"
			+ " already written";

	private static final String JUDGED_OTHERWISE = "a run is judged by the thresholds it started with, which its"
			+ " audit trail records";

	/**
	 * The options, in the order they are checked. {@code absent} is the value an option
	 * has when a run did not record it: the default for an option added after the audit
	 * trail began, {@code null} (not compared) for one every recorded run has.
	 */
	private static final List<Fixed> FIXED = List.of(
			new Fixed(JobNames.ID_COLUMN, "--id-column", null, false, READ_OTHERWISE),
			new Fixed(JobNames.MAX_ID_LENGTH, "--max-id-length",
					String.valueOf(ParquetCustomerReader.DEFAULT_MAX_ID_LENGTH), false, READ_OTHERWISE),
			new Fixed(JobNames.MAX_REJECT_RATE, "--max-reject-rate", null, false, JUDGED_OTHERWISE),
			new Fixed(JobNames.PSI_WARN, "--psi-warn", null, false, JUDGED_OTHERWISE),
			new Fixed(JobNames.PSI_HOLD, "--psi-hold", null, false, JUDGED_OTHERWISE),
			new Fixed(JobNames.HIGH_BAND_CHANGE_HOLD, "--high-band-change-hold", null, false, JUDGED_OTHERWISE),
			new Fixed(JobNames.MAX_INPUT_AGE_DAYS, "--max-input-age-days", null, false, JUDGED_OTHERWISE),
			new Fixed(JobNames.MIN_ROWS_FOR_CHECKS, "--min-rows-for-checks", null, false, JUDGED_OTHERWISE),
			new Fixed(JobNames.SEGMENT_DIFFERENCE, "--segment-difference", null, false, JUDGED_OTHERWISE),
			new Fixed(JobNames.HOLD_ON_SEGMENTS, "--hold-on-segments", null, true, JUDGED_OTHERWISE));

	private static final Fixed SEGMENT_COLUMN = new Fixed(JobNames.SEGMENT_COLUMN, "--segment-column", null, false,
			JUDGED_OTHERWISE);

	private ResumeOptions() {
	}

	/**
	 * Refuse a resume whose options differ from those run {@code runId} started with.
	 * @param recorded the options its first attempt recorded, by job parameter name
	 * (empty for a run recorded before the audit trail kept them: nothing to compare)
	 * @param parameters this attempt's
	 * @throws ContractException naming the first option that differs
	 */
	static void check(long runId, Map<String, String> recorded, JobParameters parameters) {
		if (recorded.isEmpty()) {
			return;
		}
		for (Fixed option : FIXED) {
			String started = recorded.getOrDefault(option.key(), option.absent());
			if (started != null) {
				String now = value(parameters, option.key(), option.absent());
				same(runId, option, started, now);
			}
		}
		// a run recorded with the gate's thresholds recorded its segment column too, if
		// it had one
		if (recorded.containsKey(JobNames.PSI_HOLD)) {
			same(runId, SEGMENT_COLUMN, recorded.get(JobNames.SEGMENT_COLUMN),
					value(parameters, JobNames.SEGMENT_COLUMN, null));
		}
	}

	private static String value(JobParameters parameters, String key, String absent) {
		JobParameter<?> parameter = parameters.getParameter(key);
		return (parameter != null) ? String.valueOf(parameter.value()) : absent;
	}

	private static void same(long runId, Fixed option, String started, String now) {
		if ((started == null) ? now != null : !started.equals(now)) {
			throw new ContractException("Run " + runId + " cannot resume " + option.with(now) + ": it started "
					+ option.with(started) + ", and " + option.why() + ". Run it again " + option.with(started)
					+ ", or start the date afresh with --rerun");
		}
	}

	/**
	 * An option that must not change on a resume.
	 *
	 * @param key its job parameter
	 * @param option its command-line name
	 * @param absent its value when a run did not record it
	 * @param flag whether it takes no value (its parameter is {@code true} or
	 * {@code false})
	 * @param why what another value would do
	 */
	private record Fixed(String key, String option, String absent, boolean flag, String why) {

		/**
		 * How a value reads on the command line; {@code null}: the option was not given.
		 */
		String with(String value) {
			if (value == null || (this.flag && !Boolean.parseBoolean(value))) {
				return "without " + this.option;
			}
			return this.flag ? "with " + this.option : "with " + this.option + " " + value;
		}

	}

}
