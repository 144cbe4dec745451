package io.nightscore.job;

/**
 * How a launch ended, with the one line to tell the operator.
 *
 * @param kind what happened
 * @param runId the run (job instance) id, or -1 when no run was started
 * @param message a one-line summary for the operator
 */
public record RunOutcome(Kind kind, long runId, String message) {

	/** What happened to a launch. */
	public enum Kind {

		/** The run completed and is published. */
		COMPLETED,
		/** The date was already scored; nothing was written. */
		ALREADY_COMPLETED,
		/**
		 * The run failed and will resume from its last committed chunk when run again.
		 */
		FAILED,
		/** Bad input, model or configuration: a retry fails the same way. */
		CONTRACT_VIOLATION,
		/** The input is not there yet: retry later. */
		INPUT_NOT_READY,
		/** Too many rows were rejected; the run is not published. */
		TOO_MANY_REJECTS,
		/** Another nightscore process holds the run lock; nothing was written. */
		ALREADY_RUNNING,
		/** Stopped on request (SIGTERM) at a chunk boundary; restartable. */
		STOPPED,
		/**
		 * The run completed but a check crossed a hold threshold: it is not published and
		 * waits for a human ({@code nightscore publish} or {@code reject}).
		 */
		HELD

	}

}
