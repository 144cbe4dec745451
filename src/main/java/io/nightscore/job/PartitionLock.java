package io.nightscore.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * A worker's claim on one partition (one step execution), as a PostgreSQL advisory lock
 * held on a dedicated connection while the worker scores it. PostgreSQL releases it when
 * that connection dies, so a partition that is {@code STARTED} while its lock is free
 * belongs to a worker that is gone: that is how the manager tells a killed worker from a
 * slow one. Not thread-safe: one per partition being scored.
 */
final class PartitionLock implements AutoCloseable {

	/**
	 * The lock's first key: a hash of this fixed text and the schema, so that nightscore
	 * deployments in different schemas of one database do not see each other's
	 * partitions; the second key is the step execution id.
	 */
	private static final String FIRST_KEY = "hashtext('nightscore.partition.' || current_schema())";

	private final Connection connection;

	private final long stepExecutionId;

	private PartitionLock(Connection connection, long stepExecutionId) {
		this.connection = connection;
		this.stepExecutionId = stepExecutionId;
	}

	/**
	 * Claim a partition if no other worker holds it.
	 * @return the held claim, or {@code null} when another worker holds it
	 */
	static PartitionLock tryAcquire(DataSource dataSource, long stepExecutionId) {
		Connection connection = null;
		try {
			connection = dataSource.getConnection();
			connection.setAutoCommit(true);
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT pg_try_advisory_lock(" + FIRST_KEY + ", ?)")) {
				statement.setInt(1, Math.toIntExact(stepExecutionId));
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					if (result.getBoolean(1)) {
						return new PartitionLock(connection, stepExecutionId);
					}
				}
			}
			connection.close();
			return null;
		}
		catch (SQLException ex) {
			JdbcUtils.closeConnection(connection);
			throw new DataAccessResourceFailureException(
					"Cannot claim partition " + stepExecutionId + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Of the given step executions, those whose claim some live session holds.
	 */
	static Set<Long> held(JdbcTemplate jdbc, Set<Long> stepExecutionIds) {
		Set<Long> held = new HashSet<>();
		jdbc.query("SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
				+ " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
				+ " AND classid = (" + FIRST_KEY + ")::oid", (rs) -> {
					long id = rs.getLong(1);
					if (stepExecutionIds.contains(id)) {
						held.add(id);
					}
				});
		return held;
	}

	@Override
	public void close() {
		try (PreparedStatement statement = this.connection
			.prepareStatement("SELECT pg_advisory_unlock(" + FIRST_KEY + ", ?)")) {
			statement.setInt(1, Math.toIntExact(this.stepExecutionId));
			statement.execute();
		}
		catch (SQLException ex) {
			// the connection is gone, and the lock with it
		}
		finally {
			JdbcUtils.closeConnection(this.connection);
		}
	}

}
