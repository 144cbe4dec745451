package io.nightscore.cli;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nightscore.job.JobNames;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A validated request to score a date: what the {@code score} command's options say,
 * typed.
 */
record RunRequest(String input, String model, LocalDate scoringDate, String modelVersion, String idColumn,
		int chunkSize, int threads, boolean rerun, double maxRejectRate, boolean allowEmpty, String requireMarker,
		Double explainTop, long shapSample, String engine, String[] remoteArguments, String modelSha256,
		RunChecksOptions checks, Duration waitForInput, Map<String, String> hadoopProperties, int maxIdLength) {

	/** The same request with {@code threads} scoring threads. */
	RunRequest withThreads(int threads) {
		return new RunRequest(this.input, this.model, this.scoringDate, this.modelVersion, this.idColumn,
				this.chunkSize, threads, this.rerun, this.maxRejectRate, this.allowEmpty, this.requireMarker,
				this.explainTop, this.shapSample, this.engine, this.remoteArguments, this.modelSha256, this.checks,
				this.waitForInput, this.hadoopProperties, this.maxIdLength);
	}

	/** This request with the model file and pinned sha256 the registry gave. */
	RunRequest withModel(String file, String sha256) {
		return new RunRequest(this.input, file, this.scoringDate, this.modelVersion, this.idColumn, this.chunkSize,
				this.threads, this.rerun, this.maxRejectRate, this.allowEmpty, this.requireMarker, this.explainTop,
				this.shapSample, this.engine, this.remoteArguments, sha256, this.checks, this.waitForInput,
				this.hadoopProperties, this.maxIdLength);
	}

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
		if (this.modelSha256 != null) {
			builder.addString(JobNames.MODEL_SHA256, this.modelSha256, false);
		}
		this.checks.addTo(builder);
		if (this.requireMarker != null) {
			builder.addString(JobNames.REQUIRE_MARKER, this.requireMarker, false);
		}
		return builder.toJobParameters();
	}

	/**
	 * The Spring properties that configure the score step for this request, the manager
	 * role when its partitions go to remote workers, and the input file systems. Hadoop
	 * properties may hold credentials: they go here, never into the job parameters, which
	 * the job repository stores.
	 */
	String[] springArguments() {
		List<String> arguments = new ArrayList<>(List.of("--nightscore.scoring.chunk-size=" + this.chunkSize,
				"--nightscore.scoring.threads=" + this.threads, "--nightscore.scoring.engine=" + this.engine));
		arguments.addAll(List.of(this.remoteArguments));
		arguments.addAll(HadoopPropertyOptions.springArguments(this.hadoopProperties));
		return arguments.toArray(String[]::new);
	}

}
