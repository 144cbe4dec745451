package io.nightscore.output;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The run's table of predictions, {@code prediction_run_<runId>}: created on its own
 * before scoring and attached to {@code prediction} with {@code ATTACH PARTITION}, which
 * takes only a SHARE UPDATE EXCLUSIVE lock on {@code prediction} that readers never wait
 * for and that never waits for readers ({@code CREATE TABLE ... PARTITION OF} takes an
 * ACCESS EXCLUSIVE lock: it waits for every open reader transaction and every later
 * reader queues behind it). A {@code CHECK (run_id = <runId>)} constraint spares the
 * attach its validation scan. What is the same for every row of the run is the table's
 * defaults, not the COPY's: {@code run_id} the run's, {@code model_version} the run's
 * model version, {@code scored_at} {@code now()}, the start of the chunk's transaction;
 * the COPY sends the other five columns (PostgreSQL's COPY of a million predictions takes
 * a fifth less time, and the payload is half the size). Loaded by
 * {@link PredictionPartitions}, then indexed after the load (an index maintained during
 * COPY halves its speed; the unique index build doubles as the check for duplicate
 * customer ids).
 *
 * <p>
 * Table names are built from the run id, a number, never from text. Thread-safe; every
 * method joins the caller's transaction and is idempotent.
 */
public final class PredictionTables {

	/**
	 * Memory for the index build's sort, whatever the server's setting: PostgreSQL's
	 * default. More is slower: it lets the build sort a few million ids in runs that no
	 * longer fit the CPU's cache (and it gives each parallel worker a share of it). On 5M
	 * rows the job's finalize step took 2.4–2.8 s with 64 MB against 3.8–4.7 s with 256
	 * MB (3 interleaved runs each; in psql alone 2.3–2.5 s against 3.3–3.4, with 1 GB
	 * 3.1–3.3, with 16 or 32 MB 2.7–2.8); on 1M rows the same either way.
	 */
	static final String INDEX_MEMORY = "64MB";

	/**
	 * The statistics target of the run's {@code ANALYZE}: a sample of 3,000 rows instead
	 * of 30,000 (13 ms instead of 100 to 140 ms on a million predictions). Its readers
	 * need little of it: customer ids are unique (the index says so, and a sample of any
	 * size finds no repeat), the three risk bands fit the most-common values, and a
	 * ten-bucket histogram of the scores places a range predicate to within a tenth; row
	 * counts come from the table's size, not the sample.
	 */
	static final int STATISTICS_TARGET = 10;

	private static final String UNIQUE_VIOLATION = "23505";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final LockWaits lockWaits;

	public PredictionTables(DataSource dataSource, LockWaits lockWaits) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.lockWaits = lockWaits;
	}

	/**
	 * Create the run's empty, unindexed table with the run's defaults, if it does not
	 * exist yet; a table created without them (by a version before the defaults) gets
	 * them, waiting for its lock as {@link LockWaits} allows.
	 * @param modelVersion the version the run's predictions are recorded with
	 */
	public void create(long runId, String modelVersion) {
		String table = PredictionPartitions.tableName(runId);
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (LIKE prediction INCLUDING DEFAULTS, CONSTRAINT "
				+ table + "_run CHECK (run_id = " + runId + "))");
		Integer defaults = this.jdbc.queryForObject("""
				SELECT count(*) FROM pg_attrdef d
				JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
				WHERE d.adrelid = to_regclass(?) AND a.attname IN ('run_id', 'model_version', 'scored_at')""",
				Integer.class, table);
		if (defaults == null || defaults < 3) {
			String version = this.jdbc.queryForObject("SELECT quote_literal(?)", String.class, modelVersion);
			this.lockWaits.update("setting run " + runId + "'s defaults", table,
					"ALTER TABLE " + table + " ALTER run_id SET DEFAULT " + runId + ", ALTER model_version SET DEFAULT "
							+ version + ", ALTER scored_at SET DEFAULT now()");
		}
	}

	/**
	 * Attach the run's table to {@code prediction} as its partition, unless it is
	 * attached already; waits for the lock as {@link LockWaits} allows.
	 */
	public void attach(long runId) {
		String table = PredictionPartitions.tableName(runId);
		Boolean attached = this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(?) AND inhparent = to_regclass('prediction'))",
				Boolean.class, table);
		if (!Boolean.TRUE.equals(attached)) {
			this.lockWaits.update("attaching run " + runId + "'s predictions", "prediction",
					"ALTER TABLE prediction ATTACH PARTITION " + table + " FOR VALUES IN (" + runId + ")");
		}
	}

	/**
	 * Build the unique index on customer id once the table is loaded, and fresh
	 * statistics. The index build is also the duplicate check: it fails on the first
	 * duplicate id, and then the table is left as it was.
	 * @return {@code false}, with nothing changed, when a customer id occurs more than
	 * once (see {@link DuplicateCustomers})
	 */
	public boolean index(long runId) {
		String table = PredictionPartitions.tableName(runId);
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			Savepoint beforeIndex = connection.setSavepoint();
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL maintenance_work_mem = '" + INDEX_MEMORY + "'");
				statement.execute(
						"CREATE UNIQUE INDEX IF NOT EXISTS " + table + "_customer_uq ON " + table + " (customer_id)");
				statement.execute("SET LOCAL default_statistics_target = " + STATISTICS_TARGET);
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

}
