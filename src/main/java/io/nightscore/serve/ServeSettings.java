package io.nightscore.serve;

/**
 * How {@code nightscore serve} serves: its ports and its limits.
 *
 * @param port the HTTP port ({@code 0} for any free one)
 * @param healthPort a second HTTP port with threads of its own, for Kubernetes' probes
 * ({@code 0} for any free one), or {@link #NO_HEALTH_PORT}
 * @param maxBatch most customers in one request
 * @param maxBodyBytes largest request body, in bytes
 * @param maxIdLength longest customer id, in characters (the batch job's
 * {@code --max-id-length})
 */
public record ServeSettings(int port, int healthPort, int maxBatch, int maxBodyBytes, int maxIdLength) {

	public static final int DEFAULT_PORT = 8080;

	/** No health port: the probes answer on {@link #port()} only. */
	public static final int NO_HEALTH_PORT = -1;

	public static final int DEFAULT_MAX_BATCH = 1000;

	public static final int DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

	/** Whether the probes have a port of their own. */
	public boolean hasHealthPort() {
		return this.healthPort != NO_HEALTH_PORT;
	}

}
