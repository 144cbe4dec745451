package io.nightscore.monitoring;

import java.time.Duration;
import java.time.LocalDateTime;

import io.nightscore.output.RunHistoryRepository;
import io.nightscore.output.RunHistoryRepository.ScoreDistribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Shows a run's progress while it scores: every {@code interval} and at each 10 % a line
 * with rows done (by all attempts), the percentage, rows per second of this attempt and
 * the time left; when standard output is a terminal, a single updating progress bar
 * instead. After a completed run, a closing line with the score quantiles and risk-band
 * counts.
 *
 * <p>
 * Progress is read from the job repository on a daemon thread of its own, so the scoring
 * threads do no extra work: the total from the recorded input snapshot, the rows from the
 * partitions' committed write counts. One run at a time.
 */
public final class ProgressListener implements JobExecutionListener {

	static final Duration POLL = Duration.ofMillis(500);

	private static final Logger logger = LoggerFactory.getLogger(ProgressListener.class);

	private final RunProgressRepository progress;

	private final RunHistoryRepository history;

	private final Duration interval;

	private final boolean terminal;

	private volatile Thread reporter;

	ProgressListener(RunProgressRepository progress, RunHistoryRepository history, Duration interval,
			boolean terminal) {
		this.progress = progress;
		this.history = history;
		this.interval = interval;
		this.terminal = terminal;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		long runId = execution.getJobInstance().getInstanceId();
		Thread thread = new Thread(() -> report(runId, execution.getId()), "progress");
		thread.setDaemon(true);
		this.reporter = thread;
		thread.start();
	}

	@Override
	public void afterJob(JobExecution execution) {
		Thread thread = this.reporter;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			long runId = execution.getJobInstance().getInstanceId();
			try {
				this.history.distribution(runId).ifPresent((d) -> logger.info(closingLine(runId, d)));
			}
			catch (RuntimeException ex) {
				logger.debug("No score distribution for run {}", runId, ex);
			}
		}
	}

	static String closingLine(long runId, ScoreDistribution d) {
		return "Run %d scores: p10 %.4f, p50 %.4f, p90 %.4f, p99 %.4f; risk bands: high %,d, medium %,d, low %,d"
			.formatted(runId, d.quantiles()[0], d.quantiles()[1], d.quantiles()[2], d.quantiles()[3], d.high(),
					d.medium(), d.low());
	}

	/**
	 * The {@link System#nanoTime} at which this attempt's rows started to count: when its
	 * score step started, which may be well before the reporter first sees the run's
	 * total (a fast prepare step and chunks committed before that first look would
	 * otherwise count as done in no time: 292,508,848 rows/s on the benchmark); now if
	 * the step has not started.
	 */
	static long startNanos(LocalDateTime scoringStarted, LocalDateTime now, long nowNanos) {
		if (scoringStarted == null) {
			return nowNanos;
		}
		return nowNanos - Math.max(0, Duration.between(scoringStarted, now).toNanos());
	}

	private void report(long runId, long executionId) {
		ProgressLine line = null;
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Thread.sleep(POLL.toMillis());
				if (line == null) {
					Long total = this.progress.totalRows(runId);
					if (total == null || total == 0) {
						continue;
					}
					line = new ProgressLine(runId, total, this.progress.committedBefore(runId, executionId),
							startNanos(this.progress.scoringStarted(executionId), LocalDateTime.now(),
									System.nanoTime()),
							this.interval.toNanos());
				}
				String text = line.update(this.progress.committedBy(executionId), System.nanoTime());
				if (this.terminal) {
					System.out.print("\r" + line.bar());
					System.out.flush();
				}
				else if (text != null) {
					logger.info(text);
				}
				if (line.done()) {
					break;
				}
			}
		}
		catch (InterruptedException ex) {
			// the run ended
		}
		catch (RuntimeException ex) {
			logger.debug("Progress reporting stopped", ex);
		}
		finally {
			if (this.terminal && line != null) {
				System.out.print("\r" + line.bar() + System.lineSeparator());
				System.out.flush();
			}
		}
	}

}
