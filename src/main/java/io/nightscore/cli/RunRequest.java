package io.nightscore.cli;

import java.time.LocalDate;

import io.nightscore.job.JobNames;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A validated request to score a date: what the {@code score} command's options say,
 * typed.
 */
record RunRequest(String input, String model, LocalDate scoringDate, String modelVersion, String idColumn,
		int chunkSize, int threads, boolean rerun, double maxRejectRate, boolean allowEmpty, String requireMarker,
		Double explainTop, long shapSample, String[] remoteArguments, int maxIdLength) {

	/**
	 * The run's non-identifying job parameters; the date and rerun number identify the
	 * run.
	 */
	JobParameters options() {
		JobParametersBuilder builder = new JobParametersBuilder().addString(JobNames.INPUT, this.input, false)
			.addString(JobNames.MODEL, this.model, false)
			.addString(JobNames.ID_COLUMN, this.idColumn, false)
			.addDouble(JobNames.MAX_REJECT_RATE, this.maxRejectRate, false)
			.addString(JobNames.ALLOW_EMPTY, Boolean.toString(this.allowEmpty), false)
			.addLong(JobNames.CHUNK_SIZE, (long) this.chunkSize, false)
			.addLong(JobNames.THREADS, (long) this.threads, false)
			.addLong(JobNames.SHAP_SAMPLE, this.shapSample, false)
			.addLong(JobNames.MAX_ID_LENGTH, (long) this.maxIdLength, false);
		if (this.explainTop != null) {
			builder.addDouble(JobNames.EXPLAIN_TOP, this.explainTop, false);
		}
		if (this.modelVersion != null) {
			builder.addString(JobNames.MODEL_VERSION, this.modelVersion, false);
		}
		if (this.requireMarker != null) {
			builder.addString(JobNames.REQUIRE_MARKER, this.requireMarker, false);
		}
		return builder.toJobParameters();
	}

	/**
	 * The Spring properties that configure the score step for this request, and the
	 * manager role when its partitions go to remote workers.
	 */
	String[] springArguments() {
		return java.util.stream.Stream
			.concat(java.util.stream.Stream.of("--nightscore.scoring.chunk-size=" + this.chunkSize,
					"--nightscore.scoring.threads=" + this.threads), java.util.Arrays.stream(this.remoteArguments))
			.toArray(String[]::new);
	}

}
