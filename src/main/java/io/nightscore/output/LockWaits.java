package io.nightscore.output;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Runs the statements that take a lock other sessions may hold (DDL on
 * {@code prediction}, the publish update of {@code scoring_run}) with a
 * {@code lock_timeout} and a bounded number of attempts, each behind a savepoint of the
 * caller's transaction; when it gives up, it names the sessions holding a conflicting
 * lock (user, application, pid). A stop request ({@link #cancelAll}) cancels the
 * statements waiting right now, so SIGTERM never waits for a lock.
 *
 * <p>
 * Thread-safe; joins the caller's transaction.
 */
public final class LockWaits {

	private static final Logger logger = LoggerFactory.getLogger(LockWaits.class);

	/** The default wait for one attempt. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Attempts before giving up. */
	public static final int ATTEMPTS = 3;

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final String QUERY_CANCELED = "57014";

	private static final Set<Statement> running = ConcurrentHashMap.newKeySet();

	private static volatile boolean stopping;

	private final DataSource dataSource;

	private final Duration timeout;

	public LockWaits(DataSource dataSource, Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("The lock timeout must be positive, not " + timeout);
		}
		this.dataSource = dataSource;
		this.timeout = timeout;
	}

	/**
	 * Cancel every statement waiting in {@link #update} now, and every later one at once:
	 * the process is stopping.
	 */
	public static void cancelAll() {
		stopping = true;
		for (Statement statement : running) {
			try {
				statement.cancel();
			}
			catch (SQLException ex) {
				// it ended meanwhile
			}
		}
	}

	/**
	 * Execute {@code sql} with bound {@code parameters}.
	 * @param what what the statement does, for the message ("publishing run 4")
	 * @param relation the table whose lock it may wait for
	 * @return the update count
	 * @throws LockTimeoutException when every attempt timed out, or the process is
	 * stopping
	 */
	int update(String what, String relation, String sql, Object... parameters) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			for (int attempt = 1;; attempt++) {
				Savepoint savepoint = connection.setSavepoint();
				try (PreparedStatement statement = connection.prepareStatement(sql)) {
					for (int i = 0; i < parameters.length; i++) {
						statement.setObject(i + 1, parameters[i]);
					}
					try (Statement setting = connection.createStatement()) {
						setting.execute("SET LOCAL lock_timeout = " + this.timeout.toMillis());
					}
					running.add(statement);
					if (stopping) {
						throw new LockTimeoutException("Stop requested (SIGTERM) while " + what + ": nothing of it was"
								+ " committed; run the same command again to resume", true);
					}
					int count = statement.executeUpdate();
					connection.releaseSavepoint(savepoint);
					return count;
				}
				catch (SQLException ex) {
					connection.rollback(savepoint);
					if (QUERY_CANCELED.equals(ex.getSQLState()) && stopping) {
						throw new LockTimeoutException("Stop requested (SIGTERM) while " + what
								+ " waited for a lock; the statement was cancelled and nothing of it was committed."
								+ " Run the same command again to resume", true);
					}
					if (!LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
						throw ex;
					}
					List<String> holders = holders(relation);
					if (attempt == ATTEMPTS) {
						throw new LockTimeoutException(what + " waited " + ATTEMPTS + " times "
								+ this.timeout.toSeconds() + " s for a lock on " + relation + " held by "
								+ (holders.isEmpty() ? "another session" : String.join(", ", holders))
								+ ": end that session's transaction (readers must not hold locks beyond a query),"
								+ " then run the same command again", false);
					}
					logger.warn("{} waited {} s for a lock on {} held by {}; trying again ({} of {})", what,
							this.timeout.toSeconds(), relation, holders, attempt + 1, ATTEMPTS);
				}
				finally {
					running.removeIf((statement) -> {
						try {
							return statement.isClosed();
						}
						catch (SQLException ex) {
							return true;
						}
					});
				}
			}
		}
		catch (SQLException ex) {
			throw new org.springframework.dao.DataAccessResourceFailureException(what + " failed: " + ex.getMessage(),
					ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * The other sessions holding a lock on {@code relation} stronger than a plain read's:
	 * "session 123 (user alice, application 'psql')".
	 */
	private List<String> holders(String relation) {
		return new JdbcTemplate(this.dataSource).queryForList("""
				SELECT format('session %s (user %s, application ''%s'', %s)', a.pid, a.usename, a.application_name,
				       l.mode)
				FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
				WHERE l.locktype = 'relation' AND l.granted AND l.relation = to_regclass(?)
				AND l.mode <> 'AccessShareLock' AND l.pid <> pg_backend_pid()
				ORDER BY a.pid""", String.class, relation);
	}

	/**
	 * A statement that could not get its lock in time, or was cancelled because the
	 * process is stopping.
	 */
	public static final class LockTimeoutException extends RuntimeException {

		private final boolean stopped;

		LockTimeoutException(String message, boolean stopped) {
			super(message);
			this.stopped = stopped;
		}

		/** Whether the wait ended because the process is stopping. */
		public boolean stopped() {
			return this.stopped;
		}

	}

}
