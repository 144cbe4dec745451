package io.nightscore.job;

/**
 * More rows were rejected than {@code --max-reject-rate} allows: a flood of bad rows
 * means a broken upstream, not a few bad customers, so the run is not published (exit
 * code 5).
 */
public class RejectRateExceededException extends RuntimeException {

	RejectRateExceededException(String message) {
		super(message);
	}

}
