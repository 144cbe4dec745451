package io.nightscore.scoring;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;

/**
 * The log lines of a model's load and check (which engine scores it and why, the threads
 * its memory allows): written as they come, or kept until they can be written as the run
 * logs, in the {@code --log-format} Spring sets up, and only if the run starts (a
 * database that cannot be reached is one line on standard error, not two). Thread-safe.
 */
public final class LoadLog {

	private final List<Runnable> kept;

	private LoadLog(List<Runnable> kept) {
		this.kept = kept;
	}

	/** Lines written as they come. */
	public static LoadLog immediate() {
		return new LoadLog(null);
	}

	/** Lines kept until {@link #flush}. */
	public static LoadLog deferred() {
		return new LoadLog(new ArrayList<>());
	}

	public void info(Logger logger, String format, Object... arguments) {
		write(() -> logger.info(format, arguments));
	}

	public void warn(Logger logger, String format, Object... arguments) {
		write(() -> logger.warn(format, arguments));
	}

	/** Write the kept lines, once. */
	public void flush() {
		if (this.kept != null) {
			List<Runnable> lines;
			synchronized (this.kept) {
				lines = List.copyOf(this.kept);
				this.kept.clear();
			}
			lines.forEach(Runnable::run);
		}
	}

	/** Drop the kept lines: the load they tell of is not the one the run uses. */
	public void discard() {
		if (this.kept != null) {
			synchronized (this.kept) {
				this.kept.clear();
			}
		}
	}

	private void write(Runnable line) {
		if (this.kept == null) {
			line.run();
			return;
		}
		synchronized (this.kept) {
			this.kept.add(line);
		}
	}

}
