package io.nightscore.job;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Watches the remote partitions while the manager's score step waits for them: logs how
 * many are queued, running and done, and marks {@code FAILED} a partition left
 * {@code STARTED} by a worker that is gone (its {@link PartitionLock} is free), so that
 * the manager does not wait for it until its timeout. The run then fails restartable, and
 * the same command again resumes that partition from its last committed chunk, as after a
 * kill in local mode. Marking it also raises its version in the job repository, so a
 * worker that only lost its database session, not its life, cannot commit another chunk
 * of it.
 *
 * <p>
 * Thread-safe: it checks on its own thread, from {@link #beforeStep} to
 * {@link #afterStep}.
 */
final class WorkerWatchdog implements StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(WorkerWatchdog.class);

	private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

	private final JobRepository jobRepository;

	private final JdbcTemplate jdbc;

	private final RemoteProperties remote;

	private ScheduledExecutorService checks;

	private long lastProgress;

	private String lastCounts = "";

	WorkerWatchdog(JobRepository jobRepository, DataSource dataSource, RemoteProperties remote) {
		this.jobRepository = jobRepository;
		this.jdbc = new JdbcTemplate(dataSource);
		this.remote = remote;
	}

	@Override
	public void beforeStep(StepExecution manager) {
		this.lastProgress = System.nanoTime() - PROGRESS_EVERY_NANOS;
		this.checks = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "worker-watchdog");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.remote.pollInterval().toMillis();
		this.checks.scheduleWithFixedDelay(() -> check(manager), millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public ExitStatus afterStep(StepExecution manager) {
		this.checks.shutdownNow();
		if (manager.getStatus() != BatchStatus.COMPLETED) {
			giveUpQueued(manager);
		}
		return null;
	}

	/**
	 * The manager gave up waiting (its timeout, or it was stopped): the requests of the
	 * partitions no worker started stay in the queue, so mark those partitions
	 * {@code FAILED}, which makes a worker that comes later ignore their requests rather
	 * than score them beside the attempt that resumes the run; and say why in words
	 * rather than Spring's "Timed out waiting for task to return non-null result".
	 */
	private void giveUpQueued(StepExecution manager) {
		String counts;
		try {
			List<StepExecution> partitions = partitions(manager);
			counts = counts(partitions);
			for (StepExecution partition : partitions) {
				if (partition.getStatus() == BatchStatus.STARTING) {
					markNotStarted(partition);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not mark the partitions no worker started ({}): a worker may still take their"
					+ " requests; the run's next attempt recovers them", RunFailures.describe(ex));
			return;
		}
		List<Throwable> failures = manager.getFailureExceptions();
		for (Throwable failure : failures) {
			if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
				failures.remove(failure);
				failures.add(new IllegalStateException(
						"its partitions did not all end within --workers-timeout (" + this.remote.timeout().toMinutes()
								+ " min): " + counts + " (check that nightscore workers consume queue "
								+ this.remote.queue() + " and use this database)"));
			}
		}
	}

	private void markNotStarted(StepExecution partition) {
		partition.setStatus(BatchStatus.FAILED);
		partition.setExitStatus(ExitStatus.FAILED
			.addExitDescription("No worker started this partition before the manager gave up waiting"));
		partition.setEndTime(LocalDateTime.now());
		try {
			this.jobRepository.update(partition);
		}
		catch (OptimisticLockingFailureException ex) {
			// a worker started it meanwhile: the run's next attempt recovers it
			partition.setStatus(BatchStatus.STARTED);
		}
	}

	private void check(StepExecution manager) {
		try {
			List<StepExecution> partitions = partitions(manager);
			logProgress(manager, partitions);
			Set<Long> started = partitions.stream()
				.filter((partition) -> partition.getStatus() == BatchStatus.STARTED)
				.map(StepExecution::getId)
				.collect(Collectors.toSet());
			if (started.isEmpty()) {
				return;
			}
			started.removeAll(PartitionLock.held(this.jdbc, started));
			// a worker ends its partition before it releases the claim: read again
			for (StepExecution partition : partitions(manager)) {
				if (started.contains(partition.getId()) && partition.getStatus() == BatchStatus.STARTED) {
					markAbandoned(manager, partition);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check the workers' partitions ({}); checking again in {} s",
					RunFailures.describe(ex), this.remote.pollInterval().toSeconds());
		}
	}

	private void markAbandoned(StepExecution manager, StepExecution partition) {
		long runId = manager.getJobExecution().getJobInstance().getInstanceId();
		logger.warn("Run {}: the worker scoring {} is gone (its partition claim was released while the partition was"
				+ " still STARTED): marking it FAILED. The run will fail restartable: run the same command again to"
				+ " resume it from its last committed chunk", runId, partition.getStepName());
		partition.setStatus(BatchStatus.FAILED);
		partition.setExitStatus(ExitStatus.FAILED.addExitDescription("The worker scoring this partition is gone"));
		partition.setEndTime(LocalDateTime.now());
		this.jobRepository.update(partition);
	}

	/** "q queued, r running, c completed, f failed or stopped". */
	private static String counts(List<StepExecution> partitions) {
		Map<BatchStatus, Long> counts = partitions.stream()
			.collect(Collectors.groupingBy(StepExecution::getStatus, Collectors.counting()));
		Function<BatchStatus, Long> count = (status) -> counts.getOrDefault(status, 0L);
		return "%d queued, %d running, %d completed, %d failed or stopped".formatted(count.apply(BatchStatus.STARTING),
				count.apply(BatchStatus.STARTED), count.apply(BatchStatus.COMPLETED),
				partitions.size() - count.apply(BatchStatus.STARTING) - count.apply(BatchStatus.STARTED)
						- count.apply(BatchStatus.COMPLETED));
	}

	private List<StepExecution> partitions(StepExecution manager) {
		String prefix = JobNames.SCORE_PARTITION_STEP + ":";
		return this.jobRepository.getJobExecution(manager.getJobExecutionId())
			.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(prefix))
			.toList();
	}

	private void logProgress(StepExecution manager, List<StepExecution> partitions) {
		String line = counts(partitions);
		long now = System.nanoTime();
		if (!line.equals(this.lastCounts) && now - this.lastProgress >= PROGRESS_EVERY_NANOS) {
			long rows = partitions.stream().mapToLong(StepExecution::getWriteCount).sum();
			logger.info("Run {}: {} partitions on remote workers: {}; {} rows written",
					manager.getJobExecution().getJobInstance().getInstanceId(), partitions.size(), line, rows);
			this.lastCounts = line;
			this.lastProgress = now;
		}
	}

}
