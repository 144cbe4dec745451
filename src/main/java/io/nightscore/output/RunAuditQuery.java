package io.nightscore.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A run's audit trail and checks as lines of text: what {@code nightscore checks RUN_ID}
 * prints, and what {@code runs show} can append ({@link #auditLines} and
 * {@link #checkLines}). Thread-safe.
 */
public final class RunAuditQuery {

	private final JdbcTemplate jdbc;

	public RunAuditQuery(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * The run's audit fields, one {@code name value} line each; empty when the run does
	 * not exist.
	 */
	public List<String> auditLines(long runId) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				SELECT status, scoring_date, model_version, model_sha256, nightscore_version, options::text AS options,
				input_checksums::text AS input_checksums, input_age_days, drift_reference, held_reasons, published_at,
				published_by, published_by_db, publish_note, unpublished_at, unpublished_by, rejected_at, rejected_by,
				review_note FROM scoring_run WHERE run_id = ?""", runId);
		List<String> lines = new ArrayList<>();
		if (!rows.isEmpty()) {
			rows.get(0).forEach((name, value) -> lines.add("%-20s %s".formatted(name, (value != null) ? value : "-")));
		}
		return lines;
	}

	/** The run's checks, hold and warn first, one line each. */
	public List<String> checkLines(long runId) {
		List<String> lines = new ArrayList<>();
		lines.add("%-7s %-18s %-24s %10s %8s %8s  %s".formatted("VERDICT", "CHECK", "SUBJECT", "VALUE", "WARN", "HOLD",
				"DETAIL"));
		this.jdbc.query("""
				SELECT verdict, check_name, subject, value, warn_threshold, hold_threshold, detail FROM run_check
				WHERE run_id = ? ORDER BY array_position(ARRAY['hold', 'warn', 'ok', 'skipped'], verdict), check_name,
				value DESC NULLS LAST, subject""", (rs) -> {
			lines.add("%-7s %-18s %-24s %10s %8s %8s  %s".formatted(rs.getString(1), rs.getString(2), rs.getString(3),
					number(rs.getObject(4)), number(rs.getObject(5)), number(rs.getObject(6)), rs.getString(7)));
		}, runId);
		return lines;
	}

	private static String number(Object value) {
		return (value != null) ? String.format(java.util.Locale.ROOT, "%.4f", ((Number) value).doubleValue()) : "-";
	}

}
