package io.nightscore.output;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The run's predictions as the score step's writer sees them: loaded by binary COPY in
 * each chunk's transaction, and rows beyond a partition's checkpoint deleted on restart.
 * The table itself is created, indexed and attached by {@link PredictionTables}; the
 * duplicate check is {@link DuplicateCustomers}', the counts {@link RunStatistics}'.
 *
 * <p>
 * Table names are built from the run id, a number, never from text. Thread-safe; every
 * method joins the caller's transaction.
 */
public final class PredictionPartitions {

	/**
	 * The columns a COPY sends; {@code run_id}, {@code model_version} and
	 * {@code scored_at} are the run's table's defaults ({@link PredictionTables#create}).
	 */
	static final String COPY_COLUMNS = "(customer_id, score, risk_band, source_file, source_row)";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	public PredictionPartitions(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/** The run's table name: {@code prediction_run_<runId>}. */
	public static String tableName(long runId) {
		if (runId <= 0) {
			throw new IllegalArgumentException("Run id must be positive: " + runId);
		}
		return "prediction_run_" + runId;
	}

	/**
	 * COPY an encoded payload into the run's partition on the transaction's connection,
	 * straight from the encoder's buffer, and let that transaction commit without waiting
	 * for its WAL to reach the disk ({@code synchronous_commit} off, for this transaction
	 * only).
	 * <p>
	 * That is safe for exactly-once: the chunk's rows and the reader's saved position are
	 * in this one transaction, and WAL is replayed in order, so a PostgreSQL crash can
	 * only lose the last few chunk commits (at most three {@code wal_writer_delay}s'
	 * worth) whole, rows and position together; the restarted run reads them again. Every
	 * synchronous commit after them (a step's end, finalize, publish) flushes them too,
	 * so a published run is as durable as ever. It saves a WAL flush wait per chunk (~4 %
	 * of the score step on the benchmark machine).
	 */
	public void copy(long runId, PredictionCopyEncoder payload) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		CopyIn copy = null;
		try {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL synchronous_commit TO off");
			}
			copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY " + tableName(runId) + " " + COPY_COLUMNS + " FROM STDIN (FORMAT binary)");
			copy.writeToCopy(payload.buffer(), 0, payload.length());
			copy.endCopy();
		}
		catch (SQLException ex) {
			cancelQuietly(copy);
			throw new DataAccessResourceFailureException(
					"COPY into " + tableName(runId) + " failed: " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	private static void cancelQuietly(CopyIn copy) {
		if (copy != null && copy.isActive()) {
			try {
				copy.cancelCopy();
			}
			catch (SQLException ex) {
				// the transaction fails and rolls back anyway
			}
		}
	}

	/**
	 * Delete the run's predictions of rows {@code fromRow} to {@code toRow} (1-based,
	 * inclusive) of one input file.
	 * @return the number of predictions deleted
	 */
	public int deleteRows(long runId, int fileIndex, long fromRow, long toRow) {
		return this.jdbc.update(
				"DELETE FROM " + tableName(runId) + " WHERE source_file = ? AND source_row BETWEEN ? AND ?", fileIndex,
				fromRow, toRow);
	}

}
