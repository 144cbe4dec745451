package io.nightscore.support;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The PostgreSQL backends of one nightscore child process, found by the application name
 * its connections carry (see {@link NightscoreProcess#environment(String)}): to cut them,
 * or to see one waiting inside a transaction. Only backends of this database with that
 * name are touched.
 */
public final class Backends {

	private static final JdbcTemplate jdbc = TestDatabase.jdbc();

	private Backends() {
	}

	/**
	 * Terminate every backend of {@code applicationName}, as a database restart would.
	 * @return how many were terminated
	 */
	public static int terminate(String applicationName) {
		return jdbc.queryForObject("""
				SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE datname = current_database() AND application_name = ?""", Integer.class, applicationName);
	}

	/**
	 * Terminate only the backend of {@code applicationName} that holds nightscore's run
	 * lock (a row lock on {@code run_lock}, so a lock on that table), as an idle-session
	 * timeout or a firewall would.
	 * @return how many were terminated
	 */
	public static int terminateRunLock(String applicationName) {
		return jdbc.queryForObject("""
				SELECT count(*) FILTER (WHERE pg_terminate_backend(l.pid)) FROM pg_locks l
				JOIN pg_stat_activity a ON a.pid = l.pid
				WHERE l.locktype = 'relation' AND l.granted AND l.relation = 'run_lock'::regclass
				AND a.datname = current_database() AND a.application_name = ?""", Integer.class, applicationName);
	}

	/**
	 * The pids of the backends of {@code applicationName} sleeping in {@code pg_sleep}.
	 */
	public static List<Integer> sleeping(String applicationName) {
		return jdbc.queryForList("""
				SELECT pid FROM pg_stat_activity
				WHERE datname = current_database() AND application_name = ? AND wait_event = 'PgSleep'""",
				Integer.class, applicationName);
	}

	/**
	 * Terminate the backends a killed child left behind and wait until they are gone
	 * (PostgreSQL would notice the dead client only at its next write).
	 */
	public static void terminateOrphans(String applicationName) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (terminate(applicationName) > 0 || count(applicationName) > 0) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Backends of " + applicationName + " are still there");
			}
			NightscoreProcess.sleep(Duration.ofMillis(50));
		}
	}

	private static int count(String applicationName) {
		return jdbc.queryForObject(
				"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
				Integer.class, applicationName);
	}

}
