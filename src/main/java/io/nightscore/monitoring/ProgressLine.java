package io.nightscore.monitoring;

/**
 * The arithmetic of a run's progress: rows done out of the total, percentage, rows per
 * second of this attempt, time left, and when a line is due (every interval, and each
 * time a 10 % step is crossed). Not thread-safe: one reporter thread owns it.
 */
final class ProgressLine {

	private static final int BAR_WIDTH = 30;

	private final long runId;

	private final long total;

	private final long before;

	private final long startNanos;

	private final long intervalNanos;

	private long lastLineNanos;

	private int lastDecile;

	private long done;

	private double rowsPerSecond;

	/**
	 * @param runId the run
	 * @param total the run's rows
	 * @param before rows committed by earlier attempts
	 * @param startNanos when this attempt's rows started to count
	 * @param intervalNanos the longest time between two lines
	 */
	ProgressLine(long runId, long total, long before, long startNanos, long intervalNanos) {
		this.runId = runId;
		this.total = total;
		this.before = before;
		this.startNanos = startNanos;
		this.intervalNanos = intervalNanos;
		this.lastLineNanos = startNanos;
		this.lastDecile = decile(before);
		this.done = before;
	}

	/**
	 * Take this attempt's committed rows.
	 * @return the line to log now, or {@code null} when none is due
	 */
	String update(long committedByThisAttempt, long nowNanos) {
		this.done = Math.min(this.total, this.before + committedByThisAttempt);
		double seconds = (nowNanos - this.startNanos) / 1e9;
		this.rowsPerSecond = (seconds > 0) ? committedByThisAttempt / seconds : 0;
		int decile = decile(this.done);
		if (decile > this.lastDecile || nowNanos - this.lastLineNanos >= this.intervalNanos) {
			this.lastDecile = decile;
			this.lastLineNanos = nowNanos;
			return text();
		}
		return null;
	}

	boolean done() {
		return this.done >= this.total;
	}

	String text() {
		return "Run %d: %,d of %,d rows (%.1f %%), %,.0f rows/s, %s".formatted(this.runId, this.done, this.total,
				percent(), this.rowsPerSecond, eta());
	}

	String bar() {
		int filled = (int) Math.round(BAR_WIDTH * percent() / 100);
		return "Run %d [%s%s] %5.1f %% %,d/%,d rows %,.0f rows/s %s".formatted(this.runId, "#".repeat(filled),
				" ".repeat(BAR_WIDTH - filled), percent(), this.done, this.total, this.rowsPerSecond, eta());
	}

	private String eta() {
		if (done()) {
			return "scoring done";
		}
		if (this.rowsPerSecond <= 0) {
			return "ETA unknown";
		}
		long seconds = Math.round((this.total - this.done) / this.rowsPerSecond);
		return (seconds >= 3600) ? "ETA %dh%02dm".formatted(seconds / 3600, (seconds % 3600) / 60)
				: (seconds >= 60) ? "ETA %dm%02ds".formatted(seconds / 60, seconds % 60) : "ETA %ds".formatted(seconds);
	}

	private double percent() {
		return (this.total == 0) ? 100 : 100.0 * this.done / this.total;
	}

	private int decile(long rows) {
		return (this.total == 0) ? 10 : (int) (10 * rows / this.total);
	}

}
