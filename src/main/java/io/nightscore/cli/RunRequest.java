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
 * typed, in the groups the run uses them in.
 *
 * @param scoringDate the date scored
 * @param rerun whether to score the date again as a new run
 * @param input what is read, and how much of it may be rejected
 * @param model which model scores, and with which engine
 * @param scoring how the rows are scored: chunks, threads, explanations, workers
 * @param checks the publish gate's thresholds
 */
record RunRequest(LocalDate scoringDate, boolean rerun, InputRequest input, ModelRequest model, ScoringRequest scoring,
		RunChecksOptions checks) {

	/**
	 * @param location the input's path or URI
	 * @param idColumn the customer id column
	 * @param requireMarker a file that must exist in the input first, or {@code null}
	 * @param allowEmpty whether an input without rows is accepted
	 * @param maxRejectRate the share of rejected rows above which the run fails
	 * @param maxIdLength the longest text customer id accepted
	 * @param waitForInput how long to wait for a missing input, or {@code null}
	 * @param hadoopProperties Hadoop settings for the input's file system (may hold
	 * credentials: never a job parameter)
	 */
	record InputRequest(String location, String idColumn, String requireMarker, boolean allowEmpty,
			double maxRejectRate, int maxIdLength, Duration waitForInput, Map<String, String> hadoopProperties) {
	}

	/**
	 * @param file the model file or URI, or {@code null} when {@code version} names a
	 * registered model
	 * @param version the version tag to record, or {@code null}
	 * @param sha256 the sha256 the file must have, or {@code null}
	 * @param engine the engine option ({@code auto}, {@code compiled}, {@code xgboost})
	 */
	record ModelRequest(String file, String version, String sha256, String engine) {
	}

	/**
	 * @param chunkSize rows per chunk
	 * @param threads partitions scored at once
	 * @param explainTop the share of each chunk explained, or {@code null} for the
	 * default
	 * @param shapSample rows of the run's SHAP sample
	 * @param remoteArguments the manager's Spring arguments with remote workers, else
	 * none
	 */
	record ScoringRequest(int chunkSize, int threads, Double explainTop, long shapSample, String[] remoteArguments) {
	}

	/** The same request with {@code threads} scoring threads. */
	RunRequest withThreads(int threads) {
		return new RunRequest(
				this.scoringDate, this.rerun, this.input, this.model, new ScoringRequest(this.scoring.chunkSize(),
						threads, this.scoring.explainTop(), this.scoring.shapSample(), this.scoring.remoteArguments()),
				this.checks);
	}

	/** This request with the model file and pinned sha256 the registry gave. */
	RunRequest withModel(String file, String sha256) {
		return new RunRequest(this.scoringDate, this.rerun, this.input,
				new ModelRequest(file, this.model.version(), sha256, this.model.engine()), this.scoring, this.checks);
	}

	/**
	 * The run's non-identifying job parameters; the date and rerun number identify the
	 * run.
	 */
	JobParameters options() {
		JobParametersBuilder builder = new JobParametersBuilder()
			.addString(JobNames.INPUT, this.input.location(), false)
			.addString(JobNames.MODEL, this.model.file(), false)
			.addString(JobNames.ID_COLUMN, this.input.idColumn(), false)
			.addDouble(JobNames.MAX_REJECT_RATE, this.input.maxRejectRate(), false)
			.addString(JobNames.ALLOW_EMPTY, Boolean.toString(this.input.allowEmpty()), false)
			.addLong(JobNames.CHUNK_SIZE, (long) this.scoring.chunkSize(), false)
			.addLong(JobNames.THREADS, (long) this.scoring.threads(), false)
			.addLong(JobNames.SHAP_SAMPLE, this.scoring.shapSample(), false)
			.addLong(JobNames.MAX_ID_LENGTH, (long) this.input.maxIdLength(), false);
		if (this.scoring.explainTop() != null) {
			builder.addDouble(JobNames.EXPLAIN_TOP, this.scoring.explainTop(), false);
		}
		if (this.model.version() != null) {
			builder.addString(JobNames.MODEL_VERSION, this.model.version(), false);
		}
		if (this.model.sha256() != null) {
			builder.addString(JobNames.MODEL_SHA256, this.model.sha256(), false);
		}
		this.checks.addTo(builder);
		if (this.input.requireMarker() != null) {
			builder.addString(JobNames.REQUIRE_MARKER, this.input.requireMarker(), false);
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
		List<String> arguments = new ArrayList<>(List.of("--nightscore.scoring.chunk-size=" + this.scoring.chunkSize(),
				"--nightscore.scoring.threads=" + this.scoring.threads(),
				"--nightscore.scoring.engine=" + this.model.engine()));
		arguments.addAll(List.of(this.scoring.remoteArguments()));
		arguments.addAll(HadoopPropertyOptions.springArguments(this.input.hadoopProperties()));
		return arguments.toArray(String[]::new);
	}

}
