package io.nightscore.output;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the run history the {@code runs} and {@code runs show} commands print: every job
 * instance of the scoring job, including those that failed before they recorded a
 * {@code scoring_run} row, with what {@code scoring_run} records, the attempts (job
 * executions) and their steps, rows committed by all attempts, and rejects by reason.
 * Read-only; thread-safe.
 */
public final class RunHistoryRepository {

	/**
	 * The run {@code customer_scores} shows: the same choice as the view makes (the
	 * newest scoring date's newest publication).
	 */
	static final String LIVE_RUN = "SELECT run_id FROM scoring_run WHERE published"
			+ " ORDER BY scoring_date DESC, published_at DESC LIMIT 1";

	private static final String SUMMARY = """
			SELECT i.job_instance_id AS run_id,
			       coalesce(r.scoring_date::text, (SELECT p.parameter_value FROM batch_job_execution_params p
			           JOIN batch_job_execution x ON x.job_execution_id = p.job_execution_id
			           WHERE x.job_instance_id = i.job_instance_id AND p.parameter_name = 'scoring.date' LIMIT 1)) AS scoring_date,
			       coalesce(r.rerun::text, (SELECT p.parameter_value FROM batch_job_execution_params p
			           JOIN batch_job_execution x ON x.job_execution_id = p.job_execution_id
			           WHERE x.job_instance_id = i.job_instance_id AND p.parameter_name = 'rerun' LIMIT 1)) AS rerun,
			       CASE WHEN r.published AND r.run_id = (%1$s) THEN 'PUBLISHED' WHEN r.published THEN 'SUPERSEDED'
			            WHEN r.abandoned_at IS NOT NULL THEN 'ABANDONED'
			            ELSE coalesce(r.status, e.status) END AS status,
			       coalesce(r.run_id = (%1$s), false) AS live,
			       coalesce(r.published, false) AS published,
			       (SELECT sum(s.write_count) FROM batch_step_execution s
			           JOIN batch_job_execution x ON x.job_execution_id = s.job_execution_id
			           WHERE x.job_instance_id = i.job_instance_id AND s.step_name LIKE 'scorePartition:%%')::bigint AS rows_committed,
			       r.rows_scored, r.rows_rejected, r.model_version, a.attempts, a.seconds, r.pruned_at IS NOT NULL AS pruned
			FROM batch_job_instance i
			LEFT JOIN scoring_run r ON r.run_id = i.job_instance_id
			LEFT JOIN LATERAL (SELECT x.status FROM batch_job_execution x WHERE x.job_instance_id = i.job_instance_id
			                   ORDER BY x.job_execution_id DESC LIMIT 1) e ON true
			LEFT JOIN LATERAL (SELECT count(*) AS attempts,
			                          sum(extract(epoch FROM coalesce(x.end_time, x.last_updated) - x.start_time))::float8 AS seconds
			                   FROM batch_job_execution x WHERE x.job_instance_id = i.job_instance_id) a ON true
			WHERE i.job_name = 'scoreCustomers'
			"""
		.formatted(LIVE_RUN);

	private final JdbcTemplate jdbc;

	public RunHistoryRepository(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * One line of the history.
	 *
	 * @param runId the run (job instance) id
	 * @param scoringDate the date scored, as recorded
	 * @param rerun 0 for the date's first run, 1, 2, ... for each rerun
	 * @param status {@code PUBLISHED}, {@code ABANDONED}, or the last attempt's status
	 * @param live whether {@code customer_scores} shows this run
	 * @param published whether the run was ever published
	 * @param rowsCommitted rows (scored or rejected) committed by all attempts
	 * @param rowsScored customers scored, once published
	 * @param rowsRejected rows rejected, once published
	 * @param modelVersion the model version, once recorded
	 * @param attempts job executions, restarts included
	 * @param seconds time across all attempts
	 * @param pruned whether retention dropped the run's predictions
	 */
	public record RunSummary(long runId, String scoringDate, Integer rerun, String status, boolean live,
			boolean published, Long rowsCommitted, Long rowsScored, Long rowsRejected, String modelVersion,
			long attempts, Double seconds, boolean pruned) {
	}

	/**
	 * Everything recorded about one run.
	 *
	 * @param summary its line of the history
	 * @param recorded its {@code scoring_run} row, column by column (empty when it failed
	 * before recording one)
	 * @param model its {@code model_version} row
	 * @param options the last attempt's job parameters
	 * @param attempts each attempt: execution id, status, times, exit code and message,
	 * and its steps
	 * @param rejects rejected rows by reason, most frequent first
	 */
	public record RunDetail(RunSummary summary, Map<String, Object> recorded, Map<String, Object> model,
			Map<String, Object> options, List<Map<String, Object>> attempts, List<Map<String, Object>> rejects) {
	}

	/** The newest runs first. */
	public List<RunSummary> list(int limit) {
		return this.jdbc.query(SUMMARY + " ORDER BY i.job_instance_id DESC LIMIT ?", RunHistoryRepository::summary,
				limit);
	}

	public Optional<RunSummary> summary(long runId) {
		return this.jdbc.query(SUMMARY + " AND i.job_instance_id = ?", RunHistoryRepository::summary, runId)
			.stream()
			.findFirst();
	}

	public Optional<RunDetail> find(long runId) {
		return summary(runId).map((summary) -> new RunDetail(summary, recorded(runId), model(runId), options(runId),
				attempts(runId), rejects(runId)));
	}

	/** When the newest published run was published, if any run ever was. */
	public Optional<java.time.Instant> lastPublishedAt() {
		return Optional
			.ofNullable(this.jdbc.queryForObject(
					"SELECT extract(epoch FROM max(published_at)) FROM scoring_run WHERE published", Double.class))
			.map((seconds) -> java.time.Instant.ofEpochMilli(Math.round(seconds * 1000)));
	}

	/**
	 * The quantiles of a run's scores and its risk-band counts: those its publish step
	 * recorded in {@code scoring_run.statistics}, or for a run recorded without them,
	 * computed from its predictions; empty when it has none.
	 */
	public Optional<ScoreDistribution> distribution(long runId) {
		String statistics = this.jdbc
			.queryForList("SELECT statistics::text FROM scoring_run WHERE run_id = ?", String.class, runId)
			.stream()
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
		ScoreDistribution recorded = (statistics != null) ? RunStatistics.distributionFromJson(statistics) : null;
		if (recorded != null) {
			return Optional.of(recorded);
		}
		try {
			return this.jdbc
				.query("""
						SELECT percentile_cont(ARRAY[0.1, 0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY score),
						       count(*) FILTER (WHERE risk_band = 'high'), count(*) FILTER (WHERE risk_band = 'medium'),
						       count(*) FILTER (WHERE risk_band = 'low')
						FROM %s HAVING count(*) > 0""".formatted(PredictionPartitions.tableName(runId)),
						(rs, n) -> new ScoreDistribution((Double[]) rs.getArray(1).getArray(), rs.getLong(2),
								rs.getLong(3), rs.getLong(4)))
				.stream()
				.findFirst();
		}
		catch (org.springframework.jdbc.BadSqlGrammarException partitionGone) {
			return Optional.empty();
		}
	}

	/**
	 * A run's score quantiles (10 %, 50 %, 90 %, 99 %) and risk-band counts.
	 *
	 * @param quantiles p10, p50, p90, p99
	 * @param high rows in the high band
	 * @param medium rows in the medium band
	 * @param low rows in the low band
	 */
	public record ScoreDistribution(Double[] quantiles, long high, long medium, long low) {

		/** The quantile levels of {@link #quantiles()}. */
		public static final double[] LEVELS = { 0.1, 0.5, 0.9, 0.99 };

	}

	private Map<String, Object> recorded(long runId) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM scoring_run WHERE run_id = ?", runId);
		Map<String, Object> recorded = new LinkedHashMap<>();
		if (!rows.isEmpty()) {
			// JSON columns (input snapshot, statistics) as their text
			rows.get(0)
				.forEach((column, value) -> recorded.put(column,
						(value instanceof org.postgresql.util.PGobject json) ? json.getValue() : value));
		}
		return recorded;
	}

	private Map<String, Object> model(long runId) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				SELECT m.version, m.sha256, m.objective, m.num_trees, array_length(m.feature_names, 1) AS features
				FROM model_version m JOIN scoring_run r ON r.model_version = m.version WHERE r.run_id = ?""", runId);
		return rows.isEmpty() ? Map.of() : rows.get(0);
	}

	private Map<String, Object> options(long runId) {
		Map<String, Object> options = new LinkedHashMap<>();
		this.jdbc.query(
				"""
						SELECT p.parameter_name, p.parameter_value FROM batch_job_execution_params p
						WHERE p.job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution WHERE job_instance_id = ?)
						ORDER BY p.identifying DESC, p.parameter_name""",
				(ResultSet rs) -> {
					options.put(rs.getString(1), rs.getString(2));
				}, runId);
		return options;
	}

	private List<Map<String, Object>> attempts(long runId) {
		List<Map<String, Object>> attempts = new ArrayList<>();
		for (Map<String, Object> execution : this.jdbc.queryForList(
				"""
						SELECT job_execution_id AS execution_id, status, exit_code, start_time, end_time,
						       extract(epoch FROM coalesce(end_time, last_updated) - start_time)::float8 AS seconds, exit_message
						FROM batch_job_execution WHERE job_instance_id = ? ORDER BY job_execution_id""",
				runId)) {
			Map<String, Object> attempt = new LinkedHashMap<>(execution);
			attempt.put("exit_message", firstLine((String) execution.get("exit_message")));
			attempt.put("steps",
					this.jdbc.queryForList(
							"""
									SELECT step_name AS step, status, extract(epoch FROM coalesce(end_time, last_updated) - start_time)::float8 AS seconds,
									       read_count AS rows_read, write_count AS rows_written
									FROM batch_step_execution WHERE job_execution_id = ? AND step_name NOT LIKE 'scorePartition:%'
									ORDER BY step_execution_id""",
							execution.get("execution_id")));
			attempts.add(attempt);
		}
		return attempts;
	}

	private List<Map<String, Object>> rejects(long runId) {
		return this.jdbc.queryForList("""
				SELECT reason, count(*) AS rows FROM scoring_reject WHERE run_id = ?
				GROUP BY reason ORDER BY count(*) DESC, reason LIMIT 20""", runId);
	}

	private static String firstLine(String message) {
		if (message == null || message.isBlank()) {
			return null;
		}
		String line = message.strip().lines().findFirst().orElse("");
		return (line.length() > 400) ? line.substring(0, 400) + "..." : line;
	}

	private static RunSummary summary(ResultSet rs, int row) throws SQLException {
		String rerun = rs.getString("rerun");
		return new RunSummary(rs.getLong("run_id"), rs.getString("scoring_date"),
				(rerun != null) ? Integer.valueOf(rerun) : null, rs.getString("status"), rs.getBoolean("live"),
				rs.getBoolean("published"), (Long) rs.getObject("rows_committed", Long.class),
				rs.getObject("rows_scored", Long.class), rs.getObject("rows_rejected", Long.class),
				rs.getString("model_version"), rs.getLong("attempts"), rs.getObject("seconds", Double.class),
				rs.getBoolean("pruned"));
	}

}
