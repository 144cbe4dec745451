package io.nightscore.job;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a run is spread over worker processes by remote partitioning: this process's role,
 * the RabbitMQ queue that carries partition requests, how many partitions the manager
 * cuts, how long it waits for them, and how a worker consumes. Absent role: local mode,
 * no broker at all. The {@code score} and {@code worker} commands set these from their
 * options.
 *
 * @param role {@code manager} ({@code score --workers remote}) or {@code worker}
 * @param queue the durable queue of partition requests, shared by a manager and its
 * workers
 * @param partitions partitions the manager cuts the input into (several per worker)
 * @param timeout how long the manager waits for all partitions before failing the run
 * (restartable); keep it below the CronJob's deadline
 * @param pollInterval how often the manager reads the partitions' state from the job
 * repository
 * @param consumerTimeout RabbitMQ's per-queue consumer timeout
 * ({@code x-consumer-timeout}, RabbitMQ 3.12+), or {@code null} for the broker's own
 * setting
 * @param consumers partitions one worker scores at once
 * @param shutdownTimeout how long a stopping worker lets its partitions in progress
 * finish
 */
@ConfigurationProperties("nightscore.remote")
public record RemoteProperties(String role, String queue, Integer partitions, Duration timeout, Duration pollInterval,
		Duration consumerTimeout, Integer consumers, Duration shutdownTimeout) {

	public static final String ROLE = "nightscore.remote.role";

	public static final String MANAGER = "manager";

	public static final String WORKER = "worker";

	public static final String DEFAULT_QUEUE = "nightscore.partitions";

	public static final int DEFAULT_PARTITIONS = 16;

	public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(3);

	public RemoteProperties {
		queue = (queue != null && !queue.isBlank()) ? queue : DEFAULT_QUEUE;
		partitions = (partitions != null) ? partitions : DEFAULT_PARTITIONS;
		timeout = (timeout != null) ? timeout : DEFAULT_TIMEOUT;
		pollInterval = (pollInterval != null) ? pollInterval : Duration.ofSeconds(2);
		consumers = (consumers != null) ? consumers : Runtime.getRuntime().availableProcessors();
		shutdownTimeout = (shutdownTimeout != null) ? shutdownTimeout : Duration.ofSeconds(110);
		if (partitions < 1 || consumers < 1) {
			throw new IllegalArgumentException("Partitions and consumers must be at least 1");
		}
	}

}
