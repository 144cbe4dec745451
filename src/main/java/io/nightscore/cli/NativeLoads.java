package io.nightscore.cli;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The start-up warm-up's loads of native libraries, kept whole when the process exits
 * during one. XGBoost4J and snappy-java extract their libraries to the temporary
 * directory and mark them delete-on-exit. A process that exited while the warm-up thread
 * was extracting Snappy's (a run refused at start-up: a wrong database URL) deleted the
 * file under it, and snappy-java printed the failure's stack trace on standard error
 * after the run's one-line message; an exit a little earlier left the file behind in the
 * temporary directory. The JVM runs the application's shutdown hooks before it deletes
 * the files marked delete-on-exit: the hook here waits for a load in progress, at most
 * {@link #PATIENCE}, and no load starts after it.
 */
final class NativeLoads {

	/**
	 * The longest an exiting process waits for a load in progress: extracting and linking
	 * XGBoost's 16 MB library takes a few hundred milliseconds.
	 */
	static final Duration PATIENCE = Duration.ofSeconds(5);

	private static final NativeLoads PROCESS = new NativeLoads();

	private final ReentrantLock lock = new ReentrantLock();

	private boolean exiting;

	private boolean hooked;

	/**
	 * Run {@code load} unless the process is exiting; an exit that begins meanwhile waits
	 * for it to end.
	 * @return whether it ran
	 */
	static boolean load(Runnable load) {
		PROCESS.hook();
		return PROCESS.run(load);
	}

	/** Run {@code load} unless {@link #exit} has begun; {@link #exit} waits for it. */
	boolean run(Runnable load) {
		this.lock.lock();
		try {
			if (this.exiting) {
				return false;
			}
			load.run();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The process exits: wait for a load in progress, at most {@code patience}, and let
	 * none start after.
	 * @return whether no load was left running
	 */
	boolean exit(Duration patience) {
		try {
			if (!this.lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS)) {
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		try {
			this.exiting = true;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Install the shutdown hook that calls {@link #exit}, once; a process that already
	 * exits lets no load start.
	 */
	private void hook() {
		this.lock.lock();
		try {
			if (!this.hooked && !this.exiting) {
				Runtime.getRuntime().addShutdownHook(new Thread(() -> exit(PATIENCE), "native-loads-on-exit"));
				this.hooked = true;
			}
		}
		catch (IllegalStateException ex) {
			this.exiting = true;
		}
		finally {
			this.lock.unlock();
		}
	}

}
