package io.nightscore.job;

import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Remembers which signal is ending the JVM, so that the stop is reported by its name:
 * Ctrl-C is SIGINT (exit 130), Kubernetes stopping the pod SIGTERM (exit 143). Both still
 * run the shutdown hooks, which stop the run at its next chunk boundary. Thread-safe.
 */
public final class StopSignal {

	private static volatile String received;

	/** The line a stop prints while no run is there to report it, or {@code null}. */
	private static volatile String beforeTheRun;

	private StopSignal() {
	}

	/**
	 * Handle SIGINT and SIGTERM as the JVM does (exit 128 + the signal's number, running
	 * the shutdown hooks), remembering the signal's name first.
	 */
	public static void install() {
		for (String name : new String[] { "INT", "TERM" }) {
			try {
				Signal.handle(new Signal(name), (signal) -> {
					received = "SIG" + signal.getName();
					String line = beforeTheRun;
					if (line != null) {
						System.err.println(line.formatted(received));
						System.err.flush();
					}
					System.exit(128 + signal.getNumber());
				});
			}
			catch (IllegalArgumentException ex) {
				// the signal is not available here (-Xrs, or it is ignored): the JVM's
				// default applies
				LoggerFactory.getLogger(StopSignal.class).debug("Cannot handle SIG{}: {}", name, ex.getMessage());
			}
		}
	}

	/**
	 * Until a run takes over reporting its own stop ({@link StopOnShutdown}), a stop by
	 * signal prints this line first, its {@code %s} the signal's name: the start of a
	 * {@code score} (the model check, Spring, a wait for the input) would otherwise end
	 * without a word.
	 */
	public static void beforeTheRunSay(String line) {
		beforeTheRun = line;
	}

	/** A run reports its own stop from now on. */
	static void runTakesOver() {
		beforeTheRun = null;
	}

	/**
	 * The signal ending the JVM: {@code SIGINT}, or {@code SIGTERM} (also the default).
	 */
	static String name() {
		return (received != null) ? received : "SIGTERM";
	}

}
