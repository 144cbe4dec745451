package io.nightscore.job;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nightscore.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
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

	private final BrokerProperties broker;

	private final CountDownLatch stopRequested = new CountDownLatch(1);

	PartitionWorker(SimpleMessageListenerContainer container, PartitionRequestHandler handler, RemoteProperties remote,
			BrokerProperties broker) {
		this.container = container;
		this.handler = handler;
		this.remote = remote;
		this.broker = broker;
	}

	/**
	 * Consume until stopped or idle for {@code idleTimeout} ({@code null}: never idle).
	 * @return why it ended, one line
	 */
	public String run(Duration idleTimeout) {
		requireBroker();
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

	/**
	 * Connect to the broker once before consuming: the listener container would retry a
	 * broker it cannot reach forever, and an idle timeout then end the worker with exit 0
	 * although it never consumed.
	 * @throws BrokerUnreachableException if the broker cannot be reached
	 */
	private void requireBroker() {
		try {
			this.container.getConnectionFactory().createConnection().close();
		}
		catch (AmqpException ex) {
			throw new BrokerUnreachableException("Worker cannot reach RabbitMQ at " + this.broker + " ("
					+ Failures.rootMessage(ex) + "): check SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD and"
					+ " _VIRTUAL_HOST; no partition request was consumed", ex);
		}
	}

	/** The broker cannot be reached when the worker starts. */
	public static final class BrokerUnreachableException extends RuntimeException {

		BrokerUnreachableException(String message, Throwable cause) {
			super(message, cause);
		}

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
