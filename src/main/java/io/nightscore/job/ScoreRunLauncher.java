package io.nightscore.job;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.nightscore.job.RunOutcome.Kind;
import io.nightscore.output.LockWaits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Starts, resumes or declines a run of the {@value JobNames#JOB} job for a scoring date.
 *
 * <p>
 * The scoring date and the rerun number identify the run, so launching a date whose last
 * attempt failed resumes that attempt from its last committed chunk, and launching a
 * completed date does nothing. The job's run lock ({@link RunLock}) is held for the whole
 * launch: a second launch declines at once, and an execution left {@code STARTED} by a
 * killed process (whose lock PostgreSQL released) or {@code UNKNOWN} by a lost connection
 * is recovered before the run resumes. On SIGTERM the run stops at the next chunk
 * boundary and reports before the JVM exits.
 */
public final class ScoreRunLauncher {

	private static final Logger logger = LoggerFactory.getLogger(ScoreRunLauncher.class);

	/** Starts tried when a zombie keeps marking the run's last execution UNKNOWN. */
	private static final int START_ATTEMPTS = 3;

	/**
	 * How often a recovery reads the execution again when a live remote worker updated a
	 * partition in between, and how long it waits before each new read.
	 */
	private static final int RECOVERY_ATTEMPTS = 10;

	private static final Duration RECOVERY_PAUSE = Duration.ofMillis(200);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final DataSource dataSource;

	ScoreRunLauncher(JobOperator jobOperator, JobRepository jobRepository, Job job, DataSource dataSource) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.dataSource = dataSource;
	}

	/**
	 * Launch the run for a date.
	 * @param scoringDate the date to score
	 * @param rerun score the date again as a new run, even if it is already scored
	 * @param options the run's non-identifying parameters (input, model, ...)
	 */
	public RunOutcome launch(LocalDate scoringDate, boolean rerun, JobParameters options) {
		return launch(scoringDate, rerun, options, (outcome) -> {
		});
	}

	/**
	 * Launch the run for a date and hand its outcome to {@code report} before returning:
	 * on SIGTERM the JVM waits for the report, so the operator learns that the run
	 * stopped.
	 * @param scoringDate the date to score
	 * @param rerun score the date again as a new run, even if it is already scored
	 * @param options the run's non-identifying parameters (input, model, ...)
	 * @param report told the outcome, whatever it is
	 */
	public RunOutcome launch(LocalDate scoringDate, boolean rerun, JobParameters options, Consumer<RunOutcome> report) {
		try (StopOnShutdown stop = StopOnShutdown.register(this.jobOperator, this.jobRepository)) {
			RunOutcome outcome;
			try {
				outcome = launchLocked(scoringDate, rerun, null, options, stop);
			}
			catch (RuntimeException | OutOfMemoryError ex) {
				logger.debug("Launch failed", ex);
				OutOfMemoryError oom = OutOfMemory.find(ex);
				outcome = (oom != null)
						? new RunOutcome(Kind.OUT_OF_MEMORY, -1,
								OutOfMemory.message(-1, oom, options.getLong(JobNames.THREADS),
										options.getLong(JobNames.CHUNK_SIZE)))
						: new RunOutcome(RunFailures.isConfigurationRefusal(ex) ? Kind.CONTRACT_VIOLATION : Kind.FAILED,
								-1, RunFailures.launchFailure(ex));
			}
			report.accept(outcome);
			return outcome;
		}
	}

	/**
	 * Resume run {@code runId}, whatever its rerun number, with the options of its last
	 * attempt that its prepare step accepted, and hand its outcome to {@code report}
	 * before returning. A run that does not exist, completed or was abandoned is refused
	 * with one line, and nothing changes.
	 */
	public RunOutcome resume(long runId, Consumer<RunOutcome> report) {
		JobInstance instance = this.jobRepository.getJobInstance(runId);
		JobExecution last = (instance != null && JobNames.JOB.equals(instance.getJobName()))
				? this.jobRepository.getLastJobExecution(instance) : null;
		RunOutcome refused = null;
		if (last == null) {
			refused = new RunOutcome(Kind.CONTRACT_VIOLATION, -1,
					"There is no run " + runId + "; see 'nightscore runs' for the run ids");
		}
		else if (last.getStatus() == BatchStatus.COMPLETED) {
			refused = heldAlready(runId, "Run " + runId + " already completed and is", "Nothing to resume; review it")
				.orElseGet(() -> new RunOutcome(Kind.ALREADY_COMPLETED, runId,
						"Run " + runId + " already completed; nothing to resume and nothing was written"));
		}
		else if (last.getStatus() == BatchStatus.ABANDONED) {
			refused = new RunOutcome(Kind.CONTRACT_VIOLATION, runId,
					"Run " + runId + " was abandoned and cannot be"
							+ " resumed; score its date afresh with 'nightscore score --scoring-date "
							+ last.getJobParameters().getLocalDate(JobNames.SCORING_DATE) + " ...'");
		}
		if (refused != null) {
			report.accept(refused);
			return refused;
		}
		JobParameters parameters = resumeParameters(last);
		LocalDate date = parameters.getLocalDate(JobNames.SCORING_DATE);
		int number = parameters.getLong(JobNames.RERUN).intValue();
		try (StopOnShutdown stop = StopOnShutdown.register(this.jobOperator, this.jobRepository)) {
			RunOutcome outcome;
			try {
				outcome = launchLocked(date, false, number, parameters, stop);
			}
			catch (RuntimeException ex) {
				logger.debug("Resume failed", ex);
				outcome = new RunOutcome(Kind.FAILED, runId, RunFailures.launchFailure(ex));
			}
			outcome = namingTheResumeCommand(outcome, true);
			report.accept(outcome);
			return outcome;
		}
	}

	/**
	 * The options a run resumes with: those of its newest attempt that got past the
	 * prepare step. An attempt refused there (another {@code --input}, model or
	 * {@code --id-column}) failed on options the run cannot take; resuming with them
	 * would be refused again, for good.
	 */
	private JobParameters resumeParameters(JobExecution last) {
		return this.jobRepository.getJobExecutions(last.getJobInstance())
			.stream()
			.filter((attempt) -> attempt.getStepExecutions()
				.stream()
				.anyMatch((step) -> JobNames.PREPARE_STEP.equals(step.getStepName())
						&& step.getStatus() == BatchStatus.COMPLETED))
			.max(Comparator.comparing(JobExecution::getId))
			.map(JobExecution::getJobParameters)
			.orElse(last.getJobParameters());
	}

	/**
	 * Tell the operator the command that really continues the run: after a
	 * {@code --rerun} (or a {@code resume}) "the same command again" would start yet
	 * another run, so the line names {@code nightscore resume RUN_ID} instead.
	 */
	private static RunOutcome namingTheResumeCommand(RunOutcome outcome, boolean byRunId) {
		if (!byRunId || outcome.runId() <= 0) {
			return outcome;
		}
		String command = "'nightscore resume " + outcome.runId() + "'";
		return new RunOutcome(outcome.kind(), outcome.runId(),
				outcome.message()
					.replace("run the same command again to resume it", "run " + command + " to resume it")
					.replace("run the same command again", "run " + command)
					.replace("Run the same command again", "Run " + command));
	}

	private RunOutcome launchLocked(LocalDate scoringDate, boolean rerun, Integer runNumber, JobParameters options,
			StopOnShutdown stop) {
		RunLock lock = RunLock.tryAcquire(this.dataSource);
		if (lock == null) {
			return new RunOutcome(Kind.ALREADY_RUNNING, -1, "Another nightscore run is in progress (it holds the run"
					+ " lock); nothing was done. Wait for it to finish, then run this command again");
		}
		try (lock) {
			int number = (runNumber != null) ? runNumber : rerun ? nextRerun(scoringDate) : latestRerun(scoringDate);
			JobParameters parameters = new JobParametersBuilder(options)
				.addLocalDate(JobNames.SCORING_DATE, scoringDate)
				.addLong(JobNames.RERUN, (long) number)
				.toJobParameters();
			JobExecution last = this.jobRepository.getLastJobExecution(JobNames.JOB, parameters);
			if (runNumber == null && last != null && last.getStatus() == BatchStatus.ABANDONED) {
				// 'nightscore abandon' freed the date: the date's last completed run
				// stands,
				// or a new run scores it
				JobExecution completed = lastCompleted(scoringDate, number);
				last = completed;
				if (completed == null) {
					number = nextRerun(scoringDate);
					parameters = new JobParametersBuilder(parameters).addLong(JobNames.RERUN, (long) number)
						.toJobParameters();
				}
			}
			if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
				long runId = last.getJobInstance().getInstanceId();
				String scored = "Scoring date " + scoringDate + " is already scored (run " + runId + ")";
				return heldAlready(runId, scored + " and", "Review it")
					.orElseGet(() -> new RunOutcome(Kind.ALREADY_COMPLETED, runId,
							scored + "; nothing was written. Use --rerun to score it again"));
			}
			if (last != null) {
				recoverIfAbandoned(last);
				recoverUnknown(last);
			}
			if (stop.stopRequested()) {
				return new RunOutcome(Kind.STOPPED, -1, "Stop requested (" + StopSignal.name()
						+ ") before the run started; nothing" + " was done. Run the same command again");
			}
			return namingTheResumeCommand(run(parameters), number > 0);
		}
	}

	private JobExecution lastCompleted(LocalDate date, int below) {
		for (int number = below - 1; number >= 0; number--) {
			JobExecution execution = this.jobRepository.getLastJobExecution(JobNames.JOB, identifying(date, number));
			if (execution != null && execution.getStatus() == BatchStatus.COMPLETED) {
				return execution;
			}
		}
		return null;
	}

	/**
	 * Make the last execution restartable if its process is gone: left {@code STARTED}
	 * while the lock was free (killed), ended {@code UNKNOWN} (the database went away
	 * while a chunk committed), or ended with steps still {@code STARTED} or
	 * {@code UNKNOWN} (killed while stopping). All are safe to resume: every chunk
	 * commits its rows together with its reader position, and a resumed partition first
	 * deletes whatever lies beyond that position (see
	 * {@link io.nightscore.output.PredictionWriter}).
	 */
	private void recoverIfAbandoned(JobExecution last) {
		long runId = last.getJobInstance().getInstanceId();
		if (last.isRunning()) {
			logger.warn("Run {} was left {} by a process that is gone (the run lock was free): marking its execution"
					+ " {} FAILED and resuming it", runId, last.getStatus(), last.getId());
			last = recover(last);
		}
		List<StepExecution> unfinished = last.getStepExecutions()
			.stream()
			.filter((step) -> step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning())
			.toList();
		if (last.getStatus() == BatchStatus.UNKNOWN || !unfinished.isEmpty()) {
			logger.warn("Run {} ended {} with {} step(s) unfinished (the database connection was lost while a chunk"
					+ " committed, or the process was killed while stopping): resuming it from its last confirmed"
					+ " chunk", runId, last.getStatus(), unfinished.size());
			for (StepExecution step : unfinished) {
				step.setStatus(BatchStatus.FAILED);
				this.jobRepository.update(step);
			}
			if (last.getStatus() == BatchStatus.UNKNOWN) {
				last.setStatus(BatchStatus.FAILED);
				this.jobRepository.update(last);
			}
		}
	}

	/**
	 * Mark the execution and every running step execution, partitions included,
	 * {@code FAILED}. Remote workers outlive a killed manager and commit the chunk they
	 * are on, each commit updating its partition's step execution: when one does so
	 * between the read and the recovery's update (a stale version, Spring Batch's
	 * optimistic lock), read the execution again and recover what is still running. The
	 * worker's next commit then fails on the version the recovery wrote and rolls back;
	 * its partition resumes from its last commit.
	 * @return the recovered execution, as read last
	 */
	private JobExecution recover(JobExecution execution) {
		for (int attempt = 1;; attempt++) {
			try {
				this.jobOperator.recover(execution);
				return execution;
			}
			catch (OptimisticLockingFailureException ex) {
				if (attempt == RECOVERY_ATTEMPTS) {
					throw ex;
				}
				logger.debug("Run {}: a worker updated execution {} while it was recovered; reading it again",
						execution.getJobInstance().getInstanceId(), execution.getId(), ex);
				pause(RECOVERY_PAUSE);
				execution = this.jobRepository.getJobExecution(execution.getId());
			}
		}
	}

	private static void pause(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while recovering a run", ex);
		}
	}

	/**
	 * Start or restart the run. A process that lost its run lock may still be running (a
	 * zombie): once its execution was recovered here, its next update of it writes
	 * {@code UNKNOWN} over the recovery, and Spring Batch then refuses the restart. This
	 * launch holds the lock, so whatever wrote that is gone or doomed: recover again and
	 * retry, a bounded number of times.
	 */
	/**
	 * Mark every execution of the run that a lost commit or a zombie left {@code UNKNOWN}
	 * {@code FAILED}, with its unfinished steps: Spring Batch refuses to restart an
	 * instance with any {@code UNKNOWN} execution, not only the last. Called with the run
	 * lock held.
	 * @return whether any was found
	 */
	private boolean recoverUnknown(JobExecution last) {
		boolean found = false;
		for (JobExecution execution : this.jobRepository.getJobExecutions(last.getJobInstance())) {
			if (execution.getStatus() == BatchStatus.UNKNOWN) {
				logger.warn(
						"Run {}: execution {} was left UNKNOWN (by a lost commit, or by a process that had lost"
								+ " its run lock updating it on its way out): marking it FAILED",
						execution.getJobInstanceId(), execution.getId());
				recoverIfAbandoned(execution);
				found = true;
			}
		}
		return found;
	}

	private RunOutcome run(JobParameters parameters) {
		for (int attempt = 1;; attempt++) {
			try {
				return outcomeOf(this.jobOperator.start(this.job, parameters));
			}
			catch (JobRestartException ex) {
				JobExecution last = this.jobRepository.getLastJobExecution(JobNames.JOB, parameters);
				if (attempt >= START_ATTEMPTS || last == null || !recoverUnknown(last)) {
					throw new IllegalStateException("Cannot start the run: " + ex.getMessage(), ex);
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("Cannot start the run: " + ex.getMessage(), ex);
			}
		}
	}

	private RunOutcome outcomeOf(JobExecution execution) {
		long runId = execution.getJobInstance().getInstanceId();
		OutOfMemoryError oom = OutOfMemory.find(execution.getAllFailureExceptions());
		if (oom != null && execution.getStatus() != BatchStatus.COMPLETED) {
			execution.getAllFailureExceptions().forEach((failure) -> logger.debug("Run {} failed", runId, failure));
			JobParameters parameters = execution.getJobParameters();
			return new RunOutcome(Kind.OUT_OF_MEMORY, runId, OutOfMemory.message(runId, oom,
					parameters.getLong(JobNames.THREADS), parameters.getLong(JobNames.CHUNK_SIZE)));
		}
		LockWaits.LockTimeoutException lockWait = execution.getAllFailureExceptions()
			.stream()
			.map((failure) -> (LockWaits.LockTimeoutException) RunFailures.find(failure,
					LockWaits.LockTimeoutException.class))
			.filter((found) -> found != null)
			.findFirst()
			.orElse(null);
		if (lockWait != null && execution.getStatus() != BatchStatus.COMPLETED) {
			return new RunOutcome(lockWait.stopped() ? Kind.STOPPED : Kind.FAILED, runId,
					"Run " + runId + (lockWait.stopped() ? " stopped: " : " failed: ") + lockWait.getMessage());
		}
		return switch (execution.getStatus()) {
			case COMPLETED -> (heldReasons(runId) != null) ? new RunOutcome(Kind.HELD, runId, held(execution))
					: new RunOutcome(Kind.COMPLETED, runId, completed(execution, scoredRows(execution)));
			case STOPPED -> new RunOutcome(Kind.STOPPED, runId,
					"Run " + runId + " stopped at a chunk boundary; run the same command again to resume it");
			default -> RunFailures.outcome(runId, execution.getAllFailureExceptions());
		};
	}

	/**
	 * Rows written by this attempt's partitions, read back from the job repository:
	 * remote workers' counts are only there.
	 */
	private long scoredRows(JobExecution execution) {
		JobExecution stored = this.jobRepository.getJobExecution(execution.getId());
		return ((stored != null) ? stored : execution).getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(JobNames.SCORE_PARTITION_STEP + ":"))
			.mapToLong(StepExecution::getWriteCount)
			.sum();
	}

	private static String completed(JobExecution execution, long rows) {
		double seconds = Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis() / 1000.0;
		return "Run %d for %s completed and is published: %d rows scored by this attempt in %.1f s (%.0f rows/s)"
			.formatted(execution.getJobInstance().getInstanceId(),
					execution.getJobParameters().getLocalDate(JobNames.SCORING_DATE), rows, seconds,
					rows / Math.max(seconds, 0.001));
	}

	/** Why the run is held, or {@code null} when it is not HELD. */
	/**
	 * The outcome for run {@code runId}, completed, if it is HELD: {@code said}, "HELD,
	 * not published", its reasons, then {@code next} and how to release or reject it.
	 */
	private Optional<RunOutcome> heldAlready(long runId, String said, String next) {
		return Optional.ofNullable(heldReasons(runId))
			.map((reasons) -> new RunOutcome(Kind.HELD, runId, said + " HELD, not published: " + reasons + ". " + next
					+ ", then `nightscore publish " + runId + " --note ...` or `nightscore reject " + runId + "`"));
	}

	private String heldReasons(long runId) {
		return new JdbcTemplate(this.dataSource)
			.queryForList("SELECT held_reasons FROM scoring_run WHERE run_id = ? AND status = 'HELD'", String.class,
					runId)
			.stream()
			.findFirst()
			.orElse(null);
	}

	private String held(JobExecution execution) {
		long runId = execution.getJobInstance().getInstanceId();
		return "Run %d for %s completed but is HELD, not published (customer_scores still shows the previous run): %s."
			.formatted(runId, execution.getJobParameters().getLocalDate(JobNames.SCORING_DATE), heldReasons(runId))
				+ " Review it (nightscore checks " + runId + "), then `nightscore publish " + runId
				+ " --note \"...\"` or `nightscore reject " + runId + "`";
	}

	private int latestRerun(LocalDate date) {
		int number = 0;
		while (this.jobRepository.getJobInstance(JobNames.JOB, identifying(date, number + 1)) != null) {
			number++;
		}
		return number;
	}

	private int nextRerun(LocalDate date) {
		return (this.jobRepository.getJobInstance(JobNames.JOB, identifying(date, 0)) != null) ? latestRerun(date) + 1
				: 0;
	}

	private static JobParameters identifying(LocalDate date, int rerun) {
		return new JobParametersBuilder().addLocalDate(JobNames.SCORING_DATE, date)
			.addLong(JobNames.RERUN, (long) rerun)
			.toJobParameters();
	}

}
