package io.nightscore.input;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.nightscore.ContractException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for upstream ({@code --wait-for-input}): checks that the input and its completion
 * marker are there, and while they are not, logs one line per check and checks again,
 * until they appear or the wait's limit passes. Only "not there yet" waits (a missing
 * object in an object store included): any other configuration error
 * ({@link ContractException}) or a storage outage ends the wait at once. Not thread-safe;
 * one per launch.
 */
public final class InputWait {

	private static final Logger logger = LoggerFactory.getLogger(InputWait.class);

	static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

	static final Duration MAX_INTERVAL = Duration.ofMinutes(1);

	/** Checks per wait, at most: the interval is the limit over this, within bounds. */
	static final int CHECKS = 30;

	private final InputResolver resolver;

	public InputWait(InputResolver resolver) {
		this.resolver = resolver;
	}

	/**
	 * Return once the input is ready.
	 * @param input the {@code --input} argument
	 * @param marker the {@code --require-marker}, or {@code null}
	 * @param limit how long to wait at most
	 * @throws InputNotReadyException if the input is still not ready when the limit
	 * passes; its message says why and how long nightscore waited
	 */
	public void await(String input, String marker, Duration limit) {
		Instant deadline = Instant.now().plus(limit);
		Duration interval = interval(limit);
		for (int check = 1;; check++) {
			try {
				int files = this.resolver.checkReady(input, marker);
				if (check > 1) {
					logger.info("Input {} is ready after {} checks: {} file(s)", input, check, files);
				}
				return;
			}
			catch (InputNotReadyException | ObjectMissingException ex) {
				String reason = (ex instanceof ObjectMissingException missing) ? missing.whileWaiting()
						: ex.getMessage();
				Duration left = Duration.between(Instant.now(), deadline);
				if (left.isNegative() || left.isZero()) {
					throw new InputNotReadyException(
							reason + " (gave up after waiting " + describe(limit) + " for it)");
				}
				Duration pause = (interval.compareTo(left) < 0) ? interval : left;
				logger.info("Waiting for input, check {}: {}; next check in {}, giving up at {}", check, reason,
						describe(pause), deadline.truncatedTo(ChronoUnit.SECONDS));
				sleep(pause);
			}
		}
	}

	static Duration interval(Duration limit) {
		Duration interval = limit.dividedBy(CHECKS);
		return (interval.compareTo(MIN_INTERVAL) < 0) ? MIN_INTERVAL
				: (interval.compareTo(MAX_INTERVAL) > 0) ? MAX_INTERVAL : interval;
	}

	/** A duration as an operator writes it: 2h30m, 90s, 1500ms. */
	static String describe(Duration duration) {
		if (duration.toMillis() % 1000 != 0) {
			return duration.toMillis() + "ms";
		}
		long seconds = duration.toSeconds();
		StringBuilder text = new StringBuilder();
		if (seconds >= 3600) {
			text.append(seconds / 3600).append('h');
		}
		if (seconds % 3600 >= 60) {
			text.append(seconds % 3600 / 60).append('m');
		}
		if (seconds % 60 != 0 || text.isEmpty()) {
			text.append(seconds % 60).append('s');
		}
		return text.toString();
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InputNotReadyException("Stopped while waiting for the input");
		}
	}

}
