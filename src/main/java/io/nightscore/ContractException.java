package io.nightscore;

/**
 * Bad input, model or configuration: the run cannot succeed until a person changes
 * something, so a retry with the same input would fail the same way (exit code 2).
 *
 * <p>
 * The message is one line meant for the operator: it names the file, the column or row
 * and the reason, and says what to do.
 */
public class ContractException extends RuntimeException {

	public ContractException(String message) {
		super(message);
	}

	public ContractException(String message, Throwable cause) {
		super(message, cause);
	}

}
