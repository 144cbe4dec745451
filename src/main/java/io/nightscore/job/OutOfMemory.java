package io.nightscore.job;

import java.util.List;

import io.nightscore.Failures;

/**
 * Recognises a run that ran out of memory, wherever it happened (reader, scorer, writer,
 * model load, start-up), and says so with what decides the memory a run needs: the JVM's
 * maximum heap, the threads and the chunk size. Out of memory is never corruption: a
 * library that wraps an {@link OutOfMemoryError} in its own exception is seen through.
 * Stateless.
 */
public final class OutOfMemory {

	private OutOfMemory() {
	}

	/** The {@link OutOfMemoryError} in a failure's cause chain, or {@code null}. */
	public static OutOfMemoryError find(Throwable failure) {
		return Failures.cause(failure, OutOfMemoryError.class);
	}

	/**
	 * The {@link OutOfMemoryError} in any of the failures' cause chains, or {@code null}.
	 */
	static OutOfMemoryError find(List<Throwable> failures) {
		return failures.stream().map(OutOfMemory::find).filter((oom) -> oom != null).findFirst().orElse(null);
	}

	/**
	 * The operator's line for a run (or a launch, {@code runId} -1) that ran out of
	 * memory.
	 */
	public static String message(long runId, OutOfMemoryError error, long threads, long chunkSize) {
		String what = (runId > 0) ? "Run " + runId : "nightscore";
		return what + " ran out of memory (" + error.getMessage() + ") with a maximum heap of "
				+ Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, " + threads + " thread(s) and chunks of "
				+ chunkSize + " rows: give the JVM more memory (-Xmx, or the container's memory limit) or lower"
				+ " --threads or --chunk-size, then run the same command again"
				+ ((runId > 0) ? " (the run resumes from its last committed chunk)" : "");
	}

}
