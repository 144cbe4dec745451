package io.nightscore.job;

import io.nightscore.input.InputSnapshot;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * What the score and publish steps need to know of their run, read from the job
 * execution: the run id (the job instance id, stable across restarts), its parameters and
 * what the prepare step recorded.
 */
record RunContext(long runId, JobParameters parameters, InputSnapshot snapshot, String modelSha256,
		String modelVersion) {

	static RunContext of(JobExecution execution) {
		String snapshot = execution.getExecutionContext().getString(JobNames.SNAPSHOT_KEY);
		return new RunContext(execution.getJobInstance().getInstanceId(), execution.getJobParameters(),
				InputSnapshot.fromJson(snapshot), execution.getExecutionContext().getString(JobNames.MODEL_SHA_KEY),
				execution.getExecutionContext().getString(JobNames.MODEL_VERSION_KEY));
	}

	String modelPath() {
		return this.parameters.getString(JobNames.MODEL);
	}

	/**
	 * Rows per chunk as the run was launched with: a remote worker serves many runs and
	 * has no chunk size of its own.
	 */
	int chunkSize(int fallback) {
		Long chunkSize = this.parameters.getLong(JobNames.CHUNK_SIZE);
		return (chunkSize != null) ? chunkSize.intValue() : fallback;
	}

	String idColumn() {
		return this.parameters.getString(JobNames.ID_COLUMN);
	}

}
