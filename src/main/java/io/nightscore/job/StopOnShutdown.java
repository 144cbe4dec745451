package io.nightscore.job;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nightscore.output.LockWaits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A JVM shutdown hook for one launch: on SIGTERM it asks the running
 * {@value JobNames#JOB} execution to stop at its next chunk boundary and holds the
 * shutdown until the launch has stopped and reported its outcome, so the run is left
 * {@code STOPPED} and restartable and the operator reads why. If the job has not started
 * yet it keeps looking for it until the launch ends, and {@link #stopRequested()} tells
 * the launch not to start one.
 *
 * <p>
 * Thread-safe: the hook runs on its own thread while the launch runs on the caller's.
 */
final class StopOnShutdown implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StopOnShutdown.class);

	/** How long a stopping run may take to reach its next chunk boundary. */
	static final long GRACE_SECONDS = 120;

	private static final long POLL_MILLIS = 100;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final CountDownLatch launchEnded = new CountDownLatch(1);

	private final Thread hook = new Thread(this::stopRun, "nightscore-stop");

	private volatile boolean stopRequested;

	private StopOnShutdown(JobOperator jobOperator, JobRepository jobRepository) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
	}

	/** Register the hook for a launch; close it when the launch has reported. */
	static StopOnShutdown register(JobOperator jobOperator, JobRepository jobRepository) {
		StopOnShutdown stop = new StopOnShutdown(jobOperator, jobRepository);
		Runtime.getRuntime().addShutdownHook(stop.hook);
		StopSignal.runTakesOver();
		return stop;
	}

	/** Whether the JVM is shutting down, so that no run should be started. */
	boolean stopRequested() {
		return this.stopRequested;
	}

	/** The launch has ended and reported: let the JVM finish shutting down. */
	@Override
	public void close() {
		this.launchEnded.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException shuttingDown) {
			// the hook is running and was waiting for this launch to end
		}
	}

	private void stopRun() {
		this.stopRequested = true;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
		try {
			boolean stopping = false;
			while (!stopping && this.launchEnded.getCount() > 0 && System.nanoTime() < deadline) {
				for (JobExecution running : this.jobRepository.findRunningJobExecutions(JobNames.JOB)) {
					logger.warn("Stop requested ({}): stopping run {} at the next chunk boundary", StopSignal.name(),
							running.getJobInstance().getInstanceId());
					stopping = true;
					try {
						this.jobOperator.stop(running);
					}
					catch (JobExecutionNotRunningException ended) {
						// it ended on its own meanwhile
					}
					// a statement waiting for a lock would never reach a chunk boundary:
					// cancel it once the stop is recorded, so the two updates do not race
					LockWaits.cancelAll();
				}
				if (!stopping) {
					// before the job started (or after it ended) there is nothing to
					// stop:
					// only a wait to cancel
					LockWaits.cancelAll();
					this.launchEnded.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
				}
			}
			if (!this.launchEnded.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				logger.error("The run did not stop within {} s; exiting anyway (the next attempt recovers it)",
						GRACE_SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.error("Could not stop the run cleanly ({}); the next attempt recovers it", RunFailures.describe(ex));
		}
	}

}
