package io.nightscore.output;

import java.time.LocalDate;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads and writes {@code scoring_run}: one row per run (a job instance, across all its
 * restarts) with its date, model, input snapshot, status, counts and publication.
 * Thread-safe.
 */
public final class ScoringRunRepository {

	private final JdbcTemplate jdbc;

	private static final int OUTCOME_LOCK_TIMEOUT_MILLIS = 2000;

	private final LockWaits lockWaits;

	public ScoringRunRepository(DataSource dataSource, LockWaits lockWaits) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.lockWaits = lockWaits;
	}

	/** What a run recorded when it first started. */
	public record RecordedRun(String modelVersion, String modelSha256, String inputSnapshot) {
	}

	public Optional<RecordedRun> find(long runId) {
		return this.jdbc
			.query("""
					SELECT r.model_version, m.sha256, r.input_snapshot::text FROM scoring_run r
					JOIN model_version m ON m.version = r.model_version WHERE r.run_id = ?""",
					(rs, n) -> new RecordedRun(rs.getString(1), rs.getString(2), rs.getString(3)), runId)
			.stream()
			.findFirst();
	}

	public void insert(long runId, LocalDate scoringDate, int rerun, String modelVersion, String inputSnapshot) {
		this.jdbc.update("""
				INSERT INTO scoring_run (run_id, scoring_date, rerun, status, model_version, input_snapshot)
				VALUES (?, ?, ?, 'STARTED', ?, ?::jsonb)""", runId, scoringDate, rerun, modelVersion, inputSnapshot);
	}

	/**
	 * Record the status of the run's latest attempt ({@code STARTED}, {@code FAILED},
	 * ...); a published run stays {@code PUBLISHED}.
	 */
	public void updateStatus(long runId, String status, boolean finished) {
		this.jdbc.update("""
				UPDATE scoring_run SET status = CASE WHEN published THEN 'PUBLISHED' ELSE ? END,
				finished_at = CASE WHEN ? THEN now() END WHERE run_id = ?""", status, finished, runId);
	}

	/**
	 * Record the status an attempt ended with, in a transaction of its own that waits at
	 * most {@value #OUTCOME_LOCK_TIMEOUT_MILLIS} ms for a lock: the attempt is over and
	 * must not hang on a session that locks {@code scoring_run}.
	 */
	public void recordOutcome(long runId, String status) {
		this.jdbc.execute((java.sql.Connection connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (java.sql.Statement setting = connection.createStatement();
					java.sql.PreparedStatement update = connection.prepareStatement("""
							UPDATE scoring_run SET status = CASE WHEN published THEN 'PUBLISHED' ELSE ? END,
							finished_at = now() WHERE run_id = ?""")) {
				setting.execute("SET LOCAL lock_timeout = " + OUTCOME_LOCK_TIMEOUT_MILLIS);
				update.setString(1, status);
				update.setLong(2, runId);
				update.executeUpdate();
				connection.commit();
			}
			catch (java.sql.SQLException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
			return null;
		});
	}

	/**
	 * Record the run's counts and statistics and mark it published: from this commit on,
	 * {@code customer_scores} shows this run.
	 */
	public void publish(long runId, long rowsScored, long rowsRejected, String statistics) {
		this.lockWaits.update("publishing run " + runId, "scoring_run", """
				UPDATE scoring_run SET published = true, published_at = clock_timestamp(), status = 'PUBLISHED',
				rows_scored = ?, rows_rejected = ?, statistics = ?::jsonb WHERE run_id = ?""", rowsScored, rowsRejected,
				statistics, runId);
	}

}
