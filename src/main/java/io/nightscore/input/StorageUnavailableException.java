package io.nightscore.input;

/**
 * The storage holding the input or the model failed in a way that may pass (connection
 * reset, timeout, 5xx, throttling) and did not recover within its bounded retries: the
 * run fails restartable (exit 1), and the same command resumes it.
 */
public class StorageUnavailableException extends RuntimeException {

	public StorageUnavailableException(String message) {
		super(message);
	}

}
