package io.nightscore;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps logback's own status messages off standard error for the JVM's whole life. A
 * {@code <statusListener>} in logback.xml is removed when Spring Boot resets logback to
 * load logback-spring.xml; a thread that logs in that window (Hadoop's, while the run's
 * file system warms up) records "No appenders present…", and logback or Spring Boot then
 * print every status as {@code |-WARN …} lines. This listener survives resets, so a
 * listener is always present and nothing is printed. Thread-safe (it does nothing).
 */
public final class QuietLogbackStatus implements StatusListener {

	private QuietLogbackStatus() {
	}

	/**
	 * Install it on logback's context, if logback is the logging backend and it is not
	 * there yet; before Spring starts (which resets logback), not earlier: initialising
	 * logback is a third of what {@code --help} would cost.
	 */
	public static void install() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (factory instanceof LoggerContext context && context.getStatusManager()
			.getCopyOfStatusListenerList()
			.stream()
			.noneMatch(QuietLogbackStatus.class::isInstance)) {
			context.getStatusManager().add(new QuietLogbackStatus());
		}
	}

	@Override
	public void addStatusEvent(Status status) {
	}

	@Override
	public boolean isResetResistant() {
		return true;
	}

}
