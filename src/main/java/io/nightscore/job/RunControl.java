package io.nightscore.job;

import java.time.LocalDateTime;
import java.util.List;

import javax.sql.DataSource;

import io.nightscore.output.RunRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Acts on one run by its id, from any process that reaches the database: stop it at its
 * next chunk boundary, abandon it for good, or prune old runs' predictions. Every action
 * checks the run's state first and, when it cannot act, changes nothing and says why in
 * one line ({@link RefusedException}). Thread-safe.
 */
public final class RunControl {

	private static final Logger logger = LoggerFactory.getLogger(RunControl.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final DataSource dataSource;

	private final RunRetention retention;

	RunControl(JobOperator jobOperator, JobRepository jobRepository, DataSource dataSource, RunRetention retention) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.dataSource = dataSource;
		this.retention = retention;
	}

	/** An action that cannot be done in the run's state; nothing was changed. */
	public static final class RefusedException extends RuntimeException {

		private final boolean lockHeld;

		RefusedException(String message, boolean lockHeld) {
			super(message);
			this.lockHeld = lockHeld;
		}

		/** Whether it was refused because another nightscore process holds the lock. */
		public boolean lockHeld() {
			return this.lockHeld;
		}

	}

	/**
	 * Ask run {@code runId}, running in another process (on any machine), to stop at its
	 * next chunk boundary: its execution is marked {@code STOPPING} in the job
	 * repository, which the run's partitions read at each chunk commit.
	 * @return the line to tell the operator
	 */
	public String stop(long runId) {
		JobExecution last = lastExecution(runId);
		if (!last.isRunning()) {
			throw new RefusedException(
					"Run " + runId + " is not running (its last attempt is " + last.getStatus() + "); nothing to stop",
					false);
		}
		RunLock lock = RunLock.tryAcquire(this.dataSource);
		if (lock != null) {
			lock.close();
			throw new RefusedException("Run " + runId + " is marked " + last.getStatus()
					+ " but no nightscore process holds the run lock: its process is gone. Resume it with 'nightscore"
					+ " resume " + runId + "' or close it with 'nightscore abandon " + runId + "'", false);
		}
		try {
			this.jobOperator.stop(last);
		}
		catch (JobExecutionNotRunningException ended) {
			throw new RefusedException("Run " + runId + " ended meanwhile; nothing to stop", false);
		}
		logger.info("Stop requested for run {} (execution {})", runId, last.getId());
		return "Asked run " + runId + " to stop at its next chunk boundary: its process exits with code 6, and"
				+ " 'nightscore resume " + runId + "' resumes it";
	}

	/**
	 * Close run {@code runId} for good: its last attempt is marked {@code ABANDONED}, its
	 * predictions and rejects are dropped, and its date is free for a new run. Refused
	 * for a completed run and while any nightscore run is in progress.
	 * @return the line to tell the operator
	 */
	public String abandon(long runId) {
		JobExecution last = lastExecution(runId);
		if (last.getStatus() == BatchStatus.COMPLETED) {
			String status = new JdbcTemplate(this.dataSource)
				.queryForList("SELECT status FROM scoring_run WHERE run_id = ?", String.class, runId)
				.stream()
				.findFirst()
				.orElse("PUBLISHED");
			throw new RefusedException(switch (status) {
				case "HELD", "UNPUBLISHED" -> "Run " + runId + " completed and is " + status + ", not published; only a"
						+ " run that did not finish can be abandoned: close it for good with 'nightscore reject "
						+ runId + "'";
				case "PUBLISHED" -> "Run " + runId + " completed and was published; only a run that did not finish"
						+ " can be abandoned";
				default -> "Run " + runId + " completed and is " + status + "; only a run that did not finish can be"
						+ " abandoned";
			}, false);
		}
		if (last.getStatus() == BatchStatus.ABANDONED) {
			throw new RefusedException("Run " + runId + " is already abandoned; nothing was changed", false);
		}
		try (RunLock lock = lockOrRefuse()) {
			last = lastExecution(runId);
			// when the attempt last worked: a killed one has no end time
			LocalDateTime ended = (last.getEndTime() != null) ? last.getEndTime() : last.getLastUpdated();
			if (last.isRunning()) {
				// its process is gone: we hold the lock
				this.jobOperator.recover(last);
				last = lastExecution(runId);
			}
			this.jobOperator.abandon(last);
			keepEndTime(last, ended);
			this.retention.abandon(runId);
		}
		catch (org.springframework.batch.core.launch.JobExecutionAlreadyRunningException ex) {
			throw new RefusedException(
					"Run " + runId + " is still running; stop it first with 'nightscore stop " + runId + "'", false);
		}
		logger.info("Abandoned run {}", runId);
		return "Run " + runId + " (" + last.getJobParameters().getLocalDate(JobNames.SCORING_DATE) + ", rerun "
				+ last.getJobParameters().getLong(JobNames.RERUN) + ") is abandoned: its predictions and rejects are"
				+ " dropped, and 'nightscore score' for its date starts a new run";
	}

	/**
	 * Give the abandoned attempt back the end time it had: Spring Batch stamps the moment
	 * of abandoning, which made {@code runs} count the days between the failure and the
	 * operator's decision as the run's time. When it was abandoned is
	 * {@code scoring_run.abandoned_at}.
	 */
	private void keepEndTime(JobExecution abandoned, LocalDateTime ended) {
		if (ended != null) {
			new JdbcTemplate(this.dataSource).update(
					"UPDATE batch_job_execution SET end_time = ? WHERE job_execution_id = ?", ended, abandoned.getId());
		}
	}

	/**
	 * Drop the predictions and rejects of every run but the {@code keep} newest, the live
	 * run, the previous published one and any run that may still be resumed.
	 * @return the runs pruned
	 */
	public List<Long> prune(int keep) {
		try (RunLock lock = lockOrRefuse()) {
			return this.retention.prune(keep);
		}
	}

	private RunLock lockOrRefuse() {
		RunLock lock = RunLock.tryAcquire(this.dataSource);
		if (lock == null) {
			throw new RefusedException("Another nightscore run is in progress (it holds the run lock); nothing was"
					+ " done. Wait for it to finish, then run this command again", true);
		}
		return lock;
	}

	private JobExecution lastExecution(long runId) {
		JobInstance instance = this.jobRepository.getJobInstance(runId);
		JobExecution last = (instance != null && JobNames.JOB.equals(instance.getJobName()))
				? this.jobRepository.getLastJobExecution(instance) : null;
		if (last == null) {
			throw new RefusedException("There is no run " + runId + "; see 'nightscore runs' for the run ids", false);
		}
		return last;
	}

}
