package io.nightscore.job;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Runs a worker: consumes partition requests until it is stopped (SIGTERM) or has had
 * nothing to do for its idle timeout, then stops consuming and lets the partitions in
 * progress finish (up to {@code nightscore.remote.shutdown-timeout}). Thread-safe:
 * {@link #stop()} may come from a shutdown hook while {@link #run} waits.
 */
public final class PartitionWorker {

	private static final Logger logger = LoggerFactory.getLogger(PartitionWorker.class);

	private final SimpleMessageListenerContainer container;

	private final PartitionRequestHandler handler;

	private final RemoteProperties remote;

	private final CountDownLatch stopRequested = new CountDownLatch(1);

	PartitionWorker(SimpleMessageListenerContainer container, PartitionRequestHandler handler,
			RemoteProperties remote) {
		this.container = container;
		this.handler = handler;
		this.remote = remote;
	}

	/**
	 * Consume until stopped or idle for {@code idleTimeout} ({@code null}: never idle).
	 * @return why it ended, one line
	 */
	public String run(Duration idleTimeout) {
		logger.info("Worker consuming partition requests from queue {} with {} consumer(s)", this.remote.queue(),
				this.remote.consumers());
		this.container.start();
		this.handler.markActive();
		String reason;
		try {
			reason = awaitStopOrIdle(idleTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			reason = "interrupted";
		}
		stopConsuming();
		return reason;
	}

	/** Stop consuming; {@link #run} returns once the partitions in progress ended. */
	public void stop() {
		this.stopRequested.countDown();
	}

	private String awaitStopOrIdle(Duration idleTimeout) throws InterruptedException {
		while (true) {
			if (this.stopRequested.await(1, TimeUnit.SECONDS)) {
				return "stop requested";
			}
			if (idleTimeout != null && this.handler.idleFor(idleTimeout.toNanos())) {
				return "no partition request for " + idleTimeout.toSeconds() + " s";
			}
		}
	}

	private void stopConsuming() {
		// stop() waits for the consumers' partitions in progress, up to the shutdown
		// timeout
		this.container.stop();
	}

}
