package io.nightscore.input;

import io.nightscore.ContractException;

/**
 * The {@code --input} object or prefix in an object store does not exist, though the
 * bucket and its parent prefix do: a wrong URI, so a configuration error (exit code 2).
 * Under {@code --wait-for-input} it is what upstream has not written yet, and
 * {@link InputWait} waits for it like any input that is not there yet.
 */
public class ObjectMissingException extends ContractException {

	private final String input;

	ObjectMissingException(String input) {
		super("Input " + input + " does not exist: check --input, or give --wait-for-input DURATION if upstream"
				+ " may still be writing it");
		this.input = input;
	}

	/** What to say while waiting for it. */
	String whileWaiting() {
		return "Input " + this.input + " does not exist (yet): upstream has not written it";
	}

}
