package io.nightscore.job;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;

/**
 * A worker's handler of partition requests: scores the requested partition with the same
 * partition step a local run uses (through Spring Batch's
 * {@link StepExecutionRequestHandler}), unless the request is one it must ignore.
 *
 * <p>
 * RabbitMQ redelivers a request whose consumer died or timed out (its
 * {@code consumer_timeout}) although the partition may be running or done, and Spring
 * Batch's handler does not look at the partition's state. This one runs a partition only
 * when it is still {@code STARTING} (sent, never started) and this worker holds its
 * {@link PartitionLock}; it checks the state again once it holds the lock, so two
 * deliveries of one request never both run it. Anything else (already started, finished,
 * failed, recovered by a restart, claimed by another worker) is acknowledged and ignored.
 * Thread-safe: one handler serves every consumer thread.
 */
final class PartitionRequestHandler {

	private static final Logger logger = LoggerFactory.getLogger(PartitionRequestHandler.class);

	private final JobRepository jobRepository;

	private final DataSource dataSource;

	private final StepExecutionRequestHandler delegate;

	private final AtomicInteger inProgress = new AtomicInteger();

	private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

	private final String queue;

	PartitionRequestHandler(JobRepository jobRepository, DataSource dataSource, StepExecutionRequestHandler delegate,
			String queue) {
		this.jobRepository = jobRepository;
		this.dataSource = dataSource;
		this.delegate = delegate;
		this.queue = queue;
	}

	/**
	 * Score the partition a message from the queue requests, or ignore the request (see
	 * above). A message that is not a partition request (not JSON, binary, too long,
	 * another step's) is logged with its reason and acknowledged: were it refused, the
	 * broker would hand it straight back, forever, ahead of the requests behind it.
	 */
	void handleMessage(Object body) {
		StepExecutionRequest request;
		try {
			request = PartitionRequestCodec.decode(body);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Discarding a message from queue {}: {}", this.queue, ex.getMessage());
			return;
		}
		handle(request);
	}

	/** Score the requested partition, or ignore the request (see above). */
	void handle(StepExecutionRequest request) {
		this.inProgress.incrementAndGet();
		try {
			long id = request.getStepExecutionId();
			if (!startable(id, "")) {
				return;
			}
			try (PartitionLock lock = PartitionLock.tryAcquire(this.dataSource, id)) {
				if (lock == null) {
					logger.info("Ignoring the request for partition {}: another worker has claimed it", id);
					return;
				}
				if (!startable(id, " once claimed")) {
					return;
				}
				StepExecution partition = this.jobRepository.getStepExecution(id);
				long runId = partition.getJobExecution().getJobInstance().getInstanceId();
				logger.info("Scoring {} of run {} (step execution {})", partition.getStepName(), runId, id);
				StepExecution ended = this.delegate.handle(request);
				logger.info("{} of run {} ended {}: {} rows written", ended.getStepName(), runId, ended.getStatus(),
						ended.getWriteCount());
			}
		}
		finally {
			this.lastActivity.set(System.nanoTime());
			this.inProgress.decrementAndGet();
		}
	}

	/** Start counting idle time now. */
	void markActive() {
		this.lastActivity.set(System.nanoTime());
	}

	/** Whether no partition is being scored and none was for {@code nanos}. */
	boolean idleFor(long nanos) {
		return this.inProgress.get() == 0 && System.nanoTime() - this.lastActivity.get() >= nanos;
	}

	private boolean startable(long id, String when) {
		StepExecution partition = this.jobRepository.getStepExecution(id);
		if (partition == null) {
			logger.warn("Ignoring the request for step execution {}: the job repository has no such execution (a"
					+ " request of another nightscore schema on the same queue?)", id);
			return false;
		}
		if (partition.getStatus() != BatchStatus.STARTING) {
			logger.info("Ignoring the request for {} (step execution {}){}: it is already {} (a redelivered or stale"
					+ " request)", partition.getStepName(), id, when, partition.getStatus());
			return false;
		}
		return true;
	}

}
