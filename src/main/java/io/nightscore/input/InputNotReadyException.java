package io.nightscore.input;

/**
 * The input is not there yet (no files, or the completion marker is missing): upstream
 * has not finished, so a later retry may well succeed (exit code 4).
 */
public class InputNotReadyException extends RuntimeException {

	public InputNotReadyException(String message) {
		super(message);
	}

}
