package io.nightscore.output;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The run's partition of {@code prediction}: created empty before scoring, loaded by
 * binary COPY in each chunk's transaction, and indexed only after the load (an index
 * maintained during COPY halves its speed), where the unique index build doubles as the
 * check for duplicate customer ids.
 *
 * <p>
 * Partition names are built from the run id, a number, never from text. Thread-safe;
 * every method joins the caller's transaction.
 */
public final class PredictionPartitions {

	/**
	 * Memory for the index build's sort: enough to sort a few million customer ids in
	 * memory instead of in temporary files; only the finalize transaction uses it.
	 */
	static final String INDEX_MEMORY = "256MB";

	private static final String UNIQUE_VIOLATION = "23505";

	static final String COPY_COLUMNS = "(run_id, customer_id, score, risk_band, model_version, scored_at, source_file, source_row)";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	public PredictionPartitions(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/** The partition's table name: {@code prediction_run_<runId>}. */
	public static String tableName(long runId) {
		if (runId <= 0) {
			throw new IllegalArgumentException("Run id must be positive: " + runId);
		}
		return "prediction_run_" + runId;
	}

	/** Create the run's empty partition, unindexed, if it does not exist yet. */
	public void create(long runId) {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + tableName(runId) + " PARTITION OF prediction FOR VALUES IN ("
				+ runId + ")");
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

	/**
	 * Move every customer id that occurs more than once in the run to
	 * {@code scoring_reject}, every copy of it, since nobody can tell which copy is
	 * right.
	 * @return the number of rows rejected
	 */
	public int rejectDuplicates(long runId) {
		String table = tableName(runId);
		this.jdbc.update("""
				CREATE TEMPORARY TABLE duplicate_customer ON COMMIT DROP AS
				SELECT customer_id FROM %s GROUP BY customer_id HAVING count(*) > 1""".formatted(table));
		int rejected = this.jdbc
			.update("""
					INSERT INTO scoring_reject (run_id, file, row_number, customer_id, reason)
					SELECT p.run_id, r.input_snapshot -> 'files' -> p.source_file ->> 'path', p.source_row, p.customer_id,
					       'customer id occurs ' || count(*) OVER (PARTITION BY p.customer_id) || ' times in the input; every copy is rejected'
					FROM %s p JOIN scoring_run r ON r.run_id = p.run_id
					WHERE p.customer_id IN (SELECT customer_id FROM duplicate_customer)"""
				.formatted(table));
		this.jdbc.update(
				"DELETE FROM %s WHERE customer_id IN (SELECT customer_id FROM duplicate_customer)".formatted(table));
		this.jdbc.execute("DROP TABLE duplicate_customer");
		return rejected;
	}

	/**
	 * Build the unique index on customer id once the partition is loaded, and fresh
	 * statistics. The index build is also the duplicate check: it fails on the first
	 * duplicate id, and then the partition is left as it was.
	 * @return {@code false}, with nothing changed, when a customer id occurs more than
	 * once (see {@link #rejectDuplicates})
	 */
	public boolean index(long runId) {
		String table = tableName(runId);
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			Savepoint beforeIndex = connection.setSavepoint();
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL maintenance_work_mem = '" + INDEX_MEMORY + "'");
				statement.execute(
						"CREATE UNIQUE INDEX IF NOT EXISTS " + table + "_customer_uq ON " + table + " (customer_id)");
				statement.execute("ANALYZE " + table);
			}
			catch (SQLException ex) {
				if (!UNIQUE_VIOLATION.equals(ex.getSQLState())) {
					throw ex;
				}
				connection.rollback(beforeIndex);
				return false;
			}
			connection.releaseSavepoint(beforeIndex);
			return true;
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Indexing " + table + " failed: " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * The run's counts and score distribution, for {@code scoring_run} and the publish
	 * gate.
	 */
	public record RunStatistics(long scored, long rejected, double meanScore, long high, long medium, long low) {

		public long rows() {
			return this.scored + this.rejected;
		}

		public double rejectRate() {
			return (rows() == 0) ? 0 : (double) this.rejected / rows();
		}

		public String toJson() {
			return JsonMapper.shared()
				.writeValueAsString(Map.of("mean_score", this.meanScore, "risk_bands",
						Map.of("high", this.high, "medium", this.medium, "low", this.low), "reject_rate",
						rejectRate()));
		}

	}

	public RunStatistics statistics(long runId) {
		long rejected = this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject WHERE run_id = ?", Long.class,
				runId);
		return this.jdbc.queryForObject("""
				SELECT count(*), coalesce(avg(score), 0), count(*) FILTER (WHERE risk_band = 'high'),
				       count(*) FILTER (WHERE risk_band = 'medium'), count(*) FILTER (WHERE risk_band = 'low')
				FROM %s""".formatted(tableName(runId)), (rs, n) -> new RunStatistics(rs.getLong(1), rejected,
				rs.getDouble(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
	}

}
