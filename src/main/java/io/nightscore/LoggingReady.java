package io.nightscore;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Tells a background thread when Spring Boot has configured logging. Spring Boot resets
 * logback while it loads the application's logging configuration; a thread that logs in
 * that window (the start-up warm-up's, loading XGBoost's native library) finds no
 * appender, and logback then reports "No appenders present…" on standard error, in the
 * middle of a command's output. Registered on every application
 * {@link NightscoreApplication#start} starts, after Spring Boot's own logging listener.
 * Thread-safe.
 */
public final class LoggingReady implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final CountDownLatch configured = new CountDownLatch(1);

	/**
	 * Wait until Spring Boot has configured logging, at most {@code patience}: a command
	 * that never starts Spring leaves a waiting thread waiting that long.
	 * @return whether logging is configured
	 */
	public static boolean await(Duration patience) {
		try {
			return configured.await(patience.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		configured.countDown();
	}

	/**
	 * After Spring Boot's {@code LoggingApplicationListener}, which configures logging.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
