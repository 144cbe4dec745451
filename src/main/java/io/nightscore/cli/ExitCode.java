package io.nightscore.cli;

import io.nightscore.job.RunOutcome;

/**
 * nightscore's process exit codes. They are a contract with the CronJob's
 * {@code podFailurePolicy} and with operators' scripts: never renumber them.
 */
public final class ExitCode {

	/** The run completed, or the date was already scored. */
	public static final int OK = 0;

	/** The run failed and is restartable: the same command resumes it. */
	public static final int FAILED = 1;

	/** Bad usage, configuration, model or input contract: a retry fails the same way. */
	public static final int CONTRACT = 2;

	/** Another nightscore run holds the lock; nothing was done. */
	public static final int ALREADY_RUNNING = 3;

	/**
	 * The input is not there yet (no files, no rows, or no completion marker): retry
	 * later.
	 */
	public static final int INPUT_NOT_READY = 4;

	/**
	 * More rows were rejected than --max-reject-rate allows; the run is not published.
	 */
	public static final int TOO_MANY_REJECTS = 5;

	/**
	 * Stopped at a chunk boundary on request; restartable. (SIGTERM itself ends the JVM
	 * with 143.)
	 */
	public static final int STOPPED = 6;

	/**
	 * The run completed but is HELD by the gate (a drift, band or staleness check crossed
	 * its hold threshold): not published; review it, then {@code nightscore publish} or
	 * {@code reject}. Not worth retrying: the CronJob fails the Job on it.
	 */
	public static final int HELD = 7;

	private ExitCode() {
	}

	static int of(RunOutcome.Kind kind) {
		return switch (kind) {
			case COMPLETED, ALREADY_COMPLETED -> OK;
			case FAILED -> FAILED;
			case CONTRACT_VIOLATION -> CONTRACT;
			case ALREADY_RUNNING -> ALREADY_RUNNING;
			case INPUT_NOT_READY -> INPUT_NOT_READY;
			case TOO_MANY_REJECTS -> TOO_MANY_REJECTS;
			case STOPPED -> STOPPED;
			case HELD -> HELD;
		};
	}

}
