package io.nightscore.monitoring;

import java.time.LocalDateTime;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads a running run's progress from the database: its row total from the input snapshot
 * its prepare step recorded, and the rows its score partitions committed, in this attempt
 * and in earlier ones (each chunk commit updates its partition's write count). Cheap
 * queries on small tables; thread-safe.
 */
final class RunProgressRepository {

	private final JdbcTemplate jdbc;

	RunProgressRepository(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/** The run's row total, or {@code null} until the prepare step has recorded it. */
	Long totalRows(long runId) {
		return this.jdbc.queryForObject("""
				SELECT sum(g::bigint) FROM scoring_run r, jsonb_array_elements(r.input_snapshot -> 'files') f,
				       jsonb_array_elements_text(f -> 'rowGroupRows') g
				WHERE r.run_id = ?""", Long.class, runId);
	}

	/**
	 * When this attempt's score step started, as this JVM recorded it (the step runs
	 * where its job runs), or {@code null} before it has.
	 */
	LocalDateTime scoringStarted(long executionId) {
		List<LocalDateTime> started = this.jdbc.queryForList(
				"SELECT start_time FROM batch_step_execution WHERE job_execution_id = ? AND step_name = 'scoreInput'",
				LocalDateTime.class, executionId);
		return started.isEmpty() ? null : started.get(0);
	}

	/** Rows committed by the score partitions of one attempt. */
	long committedBy(long executionId) {
		Long rows = this.jdbc.queryForObject("""
				SELECT sum(write_count) FROM batch_step_execution
				WHERE job_execution_id = ? AND step_name LIKE 'scorePartition:%'""", Long.class, executionId);
		return (rows != null) ? rows : 0;
	}

	/** Rows committed by the score partitions of the run's attempts before this one. */
	long committedBefore(long runId, long executionId) {
		Long rows = this.jdbc.queryForObject("""
				SELECT sum(s.write_count) FROM batch_step_execution s
				JOIN batch_job_execution x ON x.job_execution_id = s.job_execution_id
				WHERE x.job_instance_id = ? AND x.job_execution_id < ? AND s.step_name LIKE 'scorePartition:%'""",
				Long.class, runId, executionId);
		return (rows != null) ? rows : 0;
	}

}
