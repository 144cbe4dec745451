package io.nightscore.serve;

/**
 * How {@code nightscore serve} serves: its port and its limits.
 *
 * @param port the HTTP port ({@code 0} for any free one)
 * @param maxBatch most customers in one request
 * @param maxBodyBytes largest request body, in bytes
 */
public record ServeSettings(int port, int maxBatch, int maxBodyBytes) {

	public static final int DEFAULT_PORT = 8080;

	public static final int DEFAULT_MAX_BATCH = 1000;

	public static final int DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

}
