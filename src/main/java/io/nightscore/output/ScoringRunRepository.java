package io.nightscore.output;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

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

	/**
	 * What a run recorded when it first started.
	 *
	 * @param modelVersion the version its predictions carry
	 * @param modelSha256 its model's sha256
	 * @param inputSnapshot its input files, as JSON
	 * @param options the options it started with (job parameter name to value; empty for
	 * a run recorded before the audit trail)
	 */
	public record RecordedRun(String modelVersion, String modelSha256, String inputSnapshot,
			Map<String, String> options) {
	}

	public Optional<RecordedRun> find(long runId) {
		return this.jdbc
			.query("""
					SELECT r.model_version, m.sha256, r.input_snapshot::text, r.options::text FROM scoring_run r
					JOIN model_version m ON m.version = r.model_version WHERE r.run_id = ?""",
					(rs, n) -> new RecordedRun(rs.getString(1), rs.getString(2), rs.getString(3),
							options(rs.getString(4))),
					runId)
			.stream()
			.findFirst();
	}

	private static Map<String, String> options(String json) {
		if (json == null) {
			return Map.of();
		}
		Map<String, String> options = new LinkedHashMap<>();
		JsonMapper.shared()
			.readValue(json, Map.class)
			.forEach(
					(name, value) -> options.put(String.valueOf(name), (value != null) ? String.valueOf(value) : null));
		return options;
	}

	public void insert(long runId, LocalDate scoringDate, int rerun, String modelVersion, String inputSnapshot) {
		this.jdbc.update("""
				INSERT INTO scoring_run (run_id, scoring_date, rerun, status, model_version, input_snapshot)
				VALUES (?, ?, ?, 'STARTED', ?, ?::jsonb)""", runId, scoringDate, rerun, modelVersion, inputSnapshot);
	}

	/**
	 * Record the engine that scores the run's current attempt ({@code compiled} or
	 * {@code xgboost}) after those of its earlier attempts: a run resumed with another
	 * {@code --engine} reads {@code compiled, xgboost}, each engine once, in the order
	 * they first scored it.
	 */
	public void recordEngine(long runId, String engine) {
		this.jdbc.update("""
				UPDATE scoring_run SET scoring_engine = CASE
				    WHEN scoring_engine IS NULL THEN ?
				    WHEN ? = ANY (string_to_array(scoring_engine, ', ')) THEN scoring_engine
				    ELSE scoring_engine || ', ' || ? END
				WHERE run_id = ?""", engine, engine, engine, runId);
	}

	/**
	 * Record the status of the run's latest attempt ({@code STARTED}, {@code FAILED},
	 * ...); a published run stays {@code PUBLISHED}, and a held, unpublished or rejected
	 * run keeps that status when its job completes.
	 */
	public void updateStatus(long runId, String status, boolean finished) {
		this.jdbc.update("""
				UPDATE scoring_run SET status = CASE WHEN published THEN 'PUBLISHED'
				WHEN status IN ('HELD', 'REJECTED', 'UNPUBLISHED') AND ? = 'COMPLETED' THEN status ELSE ? END,
				finished_at = CASE WHEN ? THEN now() END WHERE run_id = ?""", status, status, finished, runId);
	}

	/**
	 * Record the status an attempt ended with (a published run stays {@code PUBLISHED}; a
	 * held, unpublished or rejected run keeps that status when its job completes), in a
	 * transaction of its own that waits at most {@value #OUTCOME_LOCK_TIMEOUT_MILLIS} ms
	 * for a lock: the attempt is over and must not hang on a session that locks
	 * {@code scoring_run}.
	 */
	public void recordOutcome(long runId, String status) {
		this.jdbc.execute((java.sql.Connection connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (java.sql.Statement setting = connection
				.createStatement(); java.sql.PreparedStatement update = connection.prepareStatement("""
						UPDATE scoring_run SET status = CASE WHEN published THEN 'PUBLISHED'
						WHEN status IN ('HELD', 'REJECTED', 'UNPUBLISHED') AND ? = 'COMPLETED' THEN status ELSE ? END,
						finished_at = now() WHERE run_id = ?""")) {
				setting.execute("SET LOCAL lock_timeout = " + OUTCOME_LOCK_TIMEOUT_MILLIS);
				update.setString(1, status);
				update.setString(2, status);
				update.setLong(3, runId);
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
	 * Lock the run's row for the publish step's transaction, waiting with the bounded
	 * {@link LockWaits} retries: a session that locks {@code scoring_run} is then named
	 * (or the wait cancelled on SIGTERM) before the step's checks read the table, and the
	 * rest of the step no longer waits on it.
	 */
	public void lockForPublish(long runId) {
		this.lockWaits.update("publishing run " + runId, "scoring_run",
				"UPDATE scoring_run SET status = status WHERE run_id = ?", runId);
	}

	/**
	 * Record the run's counts and statistics and mark it published: from this commit on,
	 * {@code customer_scores} shows this run.
	 */
	public void publish(long runId, long rowsScored, long rowsRejected, String statistics) {
		this.lockWaits.update("publishing run " + runId, "scoring_run", """
				UPDATE scoring_run SET published = true, published_at = clock_timestamp(), status = 'PUBLISHED',
				rows_scored = ?, rows_rejected = ?, statistics = ?::jsonb,
				published_by = ?, published_by_db = current_user WHERE run_id = ?""", rowsScored, rowsRejected,
				statistics, "nightscore score, checks passed (OS user " + System.getProperty("user.name") + ")", runId);
	}

	/**
	 * Record what a run is audited by: the model's sha256, nightscore's version, every
	 * option it ran with and its input files' checksums (all JSON but the first two).
	 */
	public void recordAudit(long runId, String modelSha256, String nightscoreVersion, String options,
			String inputChecksums) {
		this.jdbc.update("""
				UPDATE scoring_run SET model_sha256 = ?, nightscore_version = ?, options = ?::jsonb,
				input_checksums = coalesce(?::jsonb, input_checksums) WHERE run_id = ?""", modelSha256,
				nightscoreVersion, options, inputChecksums, runId);
	}

	/**
	 * Record the run's counts, statistics and checks' outcome and mark it {@code HELD}:
	 * {@code customer_scores} keeps showing the previous published run.
	 */
	public void hold(long runId, long rowsScored, long rowsRejected, String statistics, String reasons) {
		this.jdbc.update("""
				UPDATE scoring_run SET status = 'HELD', rows_scored = ?, rows_rejected = ?, statistics = ?::jsonb,
				held_reasons = ? WHERE run_id = ?""", rowsScored, rowsRejected, statistics, reasons, runId);
	}

	/** Record what the run's drift checks compared with, and its input's age. */
	public void recordCheckContext(long runId, String driftReference, double inputAgeDays) {
		this.jdbc.update("UPDATE scoring_run SET drift_reference = ?, input_age_days = ? WHERE run_id = ?",
				driftReference, inputAgeDays, runId);
	}

}
