package io.nightscore.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * The job's run lock: a row lock on {@code run_lock}'s only row ({@code SELECT ... FOR
 * UPDATE NOWAIT}), held in an open transaction on a dedicated connection for as long as a
 * run is in progress. PostgreSQL releases it when that connection dies, so a
 * {@code STARTED} execution whose lock is free belongs to a process that is gone. Taking
 * it needs UPDATE privilege on {@code run_lock}: a read-only role (such as
 * {@code nightscore_reader}) cannot block runs, as it could with an advisory lock. The
 * table lives in the deployment's schema, so deployments in different schemas do not
 * block each other.
 *
 * <p>
 * The open transaction takes a transaction id (the row lock marks the row), which holds
 * back VACUUM's horizon for the run's duration like any long transaction. Not
 * thread-safe: one per launch.
 */
final class RunLock implements AutoCloseable {

	/** PostgreSQL's SQL state for a NOWAIT lock that is held by another session. */
	static final String LOCK_NOT_AVAILABLE = "55P03";

	private final Connection connection;

	private RunLock(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Take the lock if it is free.
	 * @return the held lock, or {@code null} when another process holds it
	 */
	static RunLock tryAcquire(DataSource dataSource) {
		Connection connection = null;
		try {
			connection = dataSource.getConnection();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				// the lock is an idle transaction by design: a server-wide idle timeout
				// must not end it
				statement.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
				statement.execute("SELECT id FROM run_lock WHERE id = 1 FOR UPDATE NOWAIT");
				return new RunLock(connection);
			}
			catch (SQLException ex) {
				if (LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
					connection.rollback();
					connection.setAutoCommit(true);
					connection.close();
					return null;
				}
				throw ex;
			}
		}
		catch (SQLException ex) {
			JdbcUtils.closeConnection(connection);
			throw new DataAccessResourceFailureException("Cannot take the run lock: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		try {
			this.connection.rollback();
			this.connection.setAutoCommit(true);
		}
		catch (SQLException ex) {
			// the connection is gone, and the lock with it
		}
		finally {
			JdbcUtils.closeConnection(this.connection);
		}
	}

}
