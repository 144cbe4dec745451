package io.nightscore.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The job's PostgreSQL advisory lock, held on a dedicated connection for as long as a run
 * is in progress. PostgreSQL releases it when that connection dies, so a {@code STARTED}
 * execution whose lock is free belongs to a process that is gone. Not thread-safe: one
 * per launch.
 */
final class RunLock implements AutoCloseable {

	/**
	 * The lock's first key, fixed forever ("nscr" as a number); the second is a hash of
	 * the schema, so that nightscore deployments in different schemas of one database do
	 * not block each other.
	 */
	static final int KEY = 0x6e736372;

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
			connection.setAutoCommit(true);
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(current_schema()))")) {
				statement.setInt(1, KEY);
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					if (result.getBoolean(1)) {
						return new RunLock(connection);
					}
				}
			}
			connection.close();
			return null;
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new DataAccessResourceFailureException("Cannot take the run lock: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		try (PreparedStatement statement = this.connection
			.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(current_schema()))")) {
			statement.setInt(1, KEY);
			statement.execute();
		}
		catch (SQLException ex) {
			// the connection is gone, and the lock with it
		}
		finally {
			closeQuietly(this.connection);
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// nothing left to release
			}
		}
	}

}
