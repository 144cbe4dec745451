package io.nightscore.report;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nightscore.report.RunReport.Check;
import io.nightscore.report.RunReport.Count;
import io.nightscore.report.RunReport.FeatureDrift;
import io.nightscore.report.RunReport.Importance;
import io.nightscore.report.RunReport.Run;
import io.nightscore.report.RunReport.ScoreDistributions;
import io.nightscore.report.RunReport.WeekBands;

import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads what the report shows of a run. The run's own tables are always there; the drift
 * and gate tables ({@code run_histogram}, {@code model_reference_histogram},
 * {@code run_check}, {@code scoring_run.held_reasons}) are read only where the schema has
 * them, and their sections are otherwise "not recorded". Thread-safe; read-only.
 */
final class RunReportRepository {

	static final int SCORE_BINS = 20;

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(RunReportRepository.class);

	static final int WEEKS = 12;

	private final JdbcTemplate jdbc;

	RunReportRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Everything the report shows of a run.
	 * @throws IllegalArgumentException if there is no such run
	 */
	RunReport read(long runId) {
		Run run = run(runId);
		return new RunReport(run, scores(run), weeks(run), drift(run), checks(run), rejects(runId), importances(runId));
	}

	private Run run(long runId) {
		String held = hasColumn("scoring_run", "held_reasons") ? "held_reasons" : "NULL";
		try {
			return this.jdbc.queryForObject(
					"""
							SELECT run_id, scoring_date, rerun, status, published, model_version, rows_scored, rows_rejected,
							       to_char(started_at, 'YYYY-MM-DD HH24:MI:SS TZ'), to_char(finished_at, 'YYYY-MM-DD HH24:MI:SS TZ'),
							       %s, (SELECT count(*) FROM prediction_reason x WHERE x.run_id = r.run_id)
							FROM scoring_run r WHERE run_id = ?"""
						.formatted(held),
					(rs, n) -> new Run(rs.getLong(1), rs.getDate(2).toLocalDate(), rs.getInt(3), rs.getString(4),
							rs.getBoolean(5), rs.getString(6), (Long) rs.getObject(7), (Long) rs.getObject(8),
							rs.getString(9), rs.getString(10), rs.getString(11), rs.getLong(12)),
					runId);
		}
		catch (EmptyResultDataAccessException ex) {
			throw new IllegalArgumentException("There is no run " + runId + ": see 'nightscore runs' for the run ids");
		}
	}

	private ScoreDistributions scores(Run run) {
		double[] current = scoreShares(run.runId());
		Long previousId = this.jdbc.query("""
				SELECT run_id FROM scoring_run WHERE published AND run_id <> ? AND scoring_date <= ?
				ORDER BY scoring_date DESC, published_at DESC LIMIT 1""", (rs) -> rs.next() ? rs.getLong(1) : null,
				run.runId(), run.scoringDate());
		double[] previous = (previousId != null) ? scoreShares(previousId) : null;
		return new ScoreDistributions(SCORE_BINS, current, previousId, previous,
				orNotRecorded(() -> referenceScores(run)));
	}

	private double[] scoreShares(long runId) {
		if (!exists("prediction_run_" + runId)) {
			return null;
		}
		double[] shares = new double[SCORE_BINS];
		long[] total = { 0 };
		this.jdbc.query("""
				SELECT least(width_bucket(score, 0, 1, %d), %d) AS bin, count(*) FROM prediction_run_%d GROUP BY 1"""
			.formatted(SCORE_BINS, SCORE_BINS, runId), (ResultSet rs) -> {
				shares[rs.getInt(1) - 1] += rs.getLong(2);
				total[0] += rs.getLong(2);
			});
		return (total[0] == 0) ? null : normalise(shares, total[0]);
	}

	/**
	 * The training reference's score histogram, spread evenly over this report's bins
	 * within each of its own bins (the reference's bins are its quantiles, not the
	 * report's).
	 */
	private double[] referenceScores(Run run) {
		if (!exists("model_reference_histogram")) {
			return null;
		}
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"SELECT edges, counts FROM model_reference_histogram WHERE model_version = ? AND subject = 'score'",
				run.modelVersion());
		if (rows.isEmpty()) {
			return null;
		}
		double[] edges = doubles(rows.get(0).get("edges"));
		double[] counts = doubles(rows.get(0).get("counts"));
		double[] shares = new double[SCORE_BINS];
		double total = 0;
		for (int i = 0; i < counts.length; i++) {
			double from = (i == 0) ? 0 : edges[i - 1];
			double to = (i == edges.length) ? 1 : edges[i];
			total += counts[i];
			spread(shares, Math.max(0, from), Math.min(1, to), counts[i]);
		}
		return (total == 0) ? null : normalise(shares, total);
	}

	private static void spread(double[] shares, double from, double to, double count) {
		double width = 1.0 / shares.length;
		if (to <= from) {
			shares[Math.min(shares.length - 1, (int) (from / width))] += count;
			return;
		}
		for (int bin = 0; bin < shares.length; bin++) {
			double overlap = Math.min(to, (bin + 1) * width) - Math.max(from, bin * width);
			if (overlap > 0) {
				shares[bin] += count * overlap / (to - from);
			}
		}
	}

	private List<WeekBands> weeks(Run run) {
		List<WeekBands> weeks = new ArrayList<>(this.jdbc.query(
				"""
						SELECT scoring_date, run_id, statistics -> 'risk_bands' ->> 'high', statistics -> 'risk_bands' ->> 'medium',
						       statistics -> 'risk_bands' ->> 'low'
						FROM (SELECT DISTINCT ON (scoring_date) * FROM scoring_run
						      WHERE (published OR run_id = ?) AND statistics -> 'risk_bands' IS NOT NULL AND scoring_date <= ?
						      ORDER BY scoring_date DESC, (run_id = ?) DESC, published_at DESC) r
						ORDER BY scoring_date DESC LIMIT ?""",
				(rs, n) -> {
					double high = rs.getDouble(3);
					double medium = rs.getDouble(4);
					double low = rs.getDouble(5);
					double total = Math.max(1, high + medium + low);
					return new WeekBands(rs.getDate(1).toLocalDate(), rs.getLong(2), high / total, medium / total,
							low / total);
				}, run.runId(), run.scoringDate(), run.runId(), WEEKS));
		java.util.Collections.reverse(weeks);
		return weeks;
	}

	private List<FeatureDrift> drift(Run run) {
		if (!exists("run_histogram") || !exists("model_reference_histogram")) {
			return null;
		}
		List<FeatureDrift> drift = this.jdbc.query("""
				SELECT h.name, h.psi_reference, h.psi_previous, h.edges, h.counts, h.null_count, h.rows,
				       m.counts AS reference_counts, m.null_count AS reference_nulls, m.rows AS reference_rows
				FROM run_histogram h
				LEFT JOIN model_reference_histogram m
				       ON m.model_version = ? AND m.subject = 'feature' AND m.name = h.name AND m.edges = h.edges
				WHERE h.run_id = ? AND h.subject = 'feature'
				ORDER BY greatest(coalesce(h.psi_reference, 0), coalesce(h.psi_previous, 0)) DESC, h.position""",
				(rs, n) -> featureDrift(rs), run.modelVersion(), run.runId());
		return drift.isEmpty() ? null : drift;
	}

	private static FeatureDrift featureDrift(ResultSet rs) throws SQLException {
		double[] edges = doubles(rs.getArray("edges"));
		double[] counts = doubles(rs.getArray("counts"));
		List<String> labels = binLabels(edges);
		double[] run = withNulls(counts, rs.getLong("null_count"), rs.getLong("rows"));
		Array reference = rs.getArray("reference_counts");
		double[] referenceShares = (reference != null)
				? withNulls(doubles(reference), rs.getLong("reference_nulls"), rs.getLong("reference_rows")) : null;
		return new FeatureDrift(rs.getString("name"), (Double) rs.getObject("psi_reference"),
				(Double) rs.getObject("psi_previous"), labels, referenceShares, run);
	}

	/**
	 * One label per bin, the null bin last: {@code < e1}, {@code ≥ e1}, ... A feature
	 * without edges (no value in what they were cut from) has one bin of all values.
	 */
	private static List<String> binLabels(double[] edges) {
		List<String> labels = new ArrayList<>();
		if (edges.length == 0) {
			labels.add("all values");
		}
		for (int i = 0; i < edges.length; i++) {
			if (i == 0) {
				labels.add("< " + Svg.number(edges[0]));
			}
			labels.add("≥ " + Svg.number(edges[i]));
		}
		labels.add("null");
		return labels;
	}

	private static double[] withNulls(double[] counts, long nulls, long rows) {
		double[] shares = java.util.Arrays.copyOf(counts, counts.length + 1);
		shares[counts.length] = nulls;
		return normalise(shares, Math.max(1, rows));
	}

	private List<Check> checks(Run run) {
		if (!exists("run_check") || !Boolean.TRUE.equals(this.jdbc
			.queryForObject("SELECT EXISTS (SELECT 1 FROM run_check WHERE run_id = ?)", Boolean.class, run.runId()))) {
			// the run never reached the gate (running, failed, or from before the checks)
			return null;
		}
		return this.jdbc.query("""
				SELECT check_name, subject, value, hold_threshold, verdict, detail FROM run_check
				WHERE run_id = ? AND verdict IN ('warn', 'hold') ORDER BY verdict = 'hold' DESC, check_name, subject""",
				(rs, n) -> new Check(rs.getString(1), rs.getString(2), (Double) rs.getObject(3),
						(Double) rs.getObject(4), rs.getString(5), rs.getString(6)),
				run.runId());
	}

	private List<Count> rejects(long runId) {
		return this.jdbc.query(
				"SELECT reason, count(*) FROM scoring_reject WHERE run_id = ? GROUP BY reason ORDER BY 2 DESC, 1",
				(rs, n) -> new Count(rs.getString(1), rs.getLong(2)), runId);
	}

	private List<Importance> importances(long runId) {
		return this.jdbc.query("""
				SELECT feature, mean_abs_shap, sample_rows FROM run_feature_importance
				WHERE run_id = ? ORDER BY mean_abs_shap DESC, feature_index""",
				(rs, n) -> new Importance(rs.getString(1), rs.getDouble(2), rs.getLong(3)), runId);
	}

	/**
	 * A section read from the drift checks' tables, or {@code null} ("not recorded") when
	 * their layout is not the one this report knows: the report of a run must never fail
	 * for an optional section.
	 */
	private static <T> T orNotRecorded(java.util.function.Supplier<T> section) {
		try {
			return section.get();
		}
		catch (org.springframework.dao.DataAccessException ex) {
			logger.warn("A report section is left 'not recorded': {}", io.nightscore.Failures.rootMessage(ex));
			return null;
		}
	}

	private boolean exists(String table) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
	}

	private boolean hasColumn(String table, String column) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("""
				SELECT EXISTS (SELECT 1 FROM information_schema.columns
				               WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?)""",
				Boolean.class, table, column));
	}

	private static double[] normalise(double[] values, double total) {
		for (int i = 0; i < values.length; i++) {
			values[i] /= total;
		}
		return values;
	}

	private static double[] doubles(Object array) {
		try {
			Object values = (array instanceof Array sql) ? sql.getArray() : array;
			Object[] boxed = (Object[]) values;
			double[] result = new double[boxed.length];
			for (int i = 0; i < boxed.length; i++) {
				result[i] = ((Number) boxed[i]).doubleValue();
			}
			return result;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read an array: " + ex.getMessage(), ex);
		}
	}

}
