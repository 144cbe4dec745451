package io.nightscore.output;

import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Drops old runs' predictions (their {@code prediction_run_<id>} partition) and rejects,
 * keeping their {@code scoring_run} rows as history, and closes abandoned runs.
 *
 * <p>
 * Retention never drops the live run (what {@code customer_scores} shows), the published
 * run before it, last week's run ({@code previous_week_run}: the week-over-week view
 * reads it, and after a same-date rerun it is not the run before the live one), a held
 * run, or a run that may still be resumed (its last attempt neither completed nor
 * abandoned). The caller holds the run lock, so no run starts or resumes meanwhile. Each
 * run is dropped in a transaction of its own; thread-safe.
 */
public final class RunRetention {

	/** Runs whose predictions are kept by default: a quarter of weekly runs. */
	public static final int DEFAULT_KEEP_RUNS = 12;

	private static final Logger logger = LoggerFactory.getLogger(RunRetention.class);

	private static final String PROTECTED = """
			SELECT run_id FROM published_run WHERE recency <= 2
			UNION
			SELECT run_id FROM previous_week_run
			UNION
			SELECT x.job_instance_id FROM batch_job_execution x
			WHERE x.job_execution_id = (SELECT max(y.job_execution_id) FROM batch_job_execution y
			                            WHERE y.job_instance_id = x.job_instance_id)
			  AND x.status NOT IN ('COMPLETED', 'ABANDONED')
			UNION
			SELECT run_id FROM scoring_run WHERE status = 'HELD'""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public RunRetention(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
	}

	/**
	 * Drop the predictions and rejects of every run but the {@code keep} newest and the
	 * protected ones.
	 * @return the runs pruned, oldest first
	 */
	public List<Long> prune(int keep) {
		if (keep < 0) {
			throw new IllegalArgumentException("--keep-runs must be at least 0, not " + keep);
		}
		List<Long> pruned = this.jdbc.queryForList("""
				SELECT run_id FROM scoring_run
				WHERE pruned_at IS NULL AND abandoned_at IS NULL
				  AND run_id NOT IN (SELECT run_id FROM scoring_run ORDER BY run_id DESC LIMIT ?)
				  AND run_id NOT IN (%s)
				ORDER BY run_id""".formatted(PROTECTED), Long.class, keep);
		for (long runId : pruned) {
			this.transactions.executeWithoutResult((status) -> {
				dropPredictions(runId);
				this.jdbc.update("UPDATE scoring_run SET pruned_at = now() WHERE run_id = ?", runId);
			});
		}
		if (!pruned.isEmpty()) {
			logger.info(
					"Retention: dropped the predictions and rejects of {} run(s) {} (keeping the {} newest, the"
							+ " live run, the previous published run and every resumable run)",
					pruned.size(), pruned, keep);
		}
		return pruned;
	}

	/**
	 * Whether retention may never drop this run's predictions: the live run, the previous
	 * published one, or a run that may still be resumed.
	 */
	public boolean isProtected(long runId) {
		return this.jdbc.queryForList(PROTECTED, Long.class).contains(runId);
	}

	/**
	 * Close an abandoned run: drop its predictions and rejects and record when; its
	 * {@code scoring_run} row, if any, stays as history with status {@code ABANDONED}.
	 */
	public void abandon(long runId) {
		this.transactions.executeWithoutResult((status) -> {
			dropPredictions(runId);
			this.jdbc.update(
					"UPDATE scoring_run SET status = 'ABANDONED', abandoned_at = now(), finished_at = coalesce(finished_at, now()) WHERE run_id = ?",
					runId);
		});
	}

	/**
	 * Drop the run's table in this deployment's schema only: unqualified, a table that is
	 * not there (a run that failed before creating it) would be looked up along the whole
	 * search path, and another schema's table of the same name dropped.
	 */
	private void dropPredictions(long runId) {
		String schema = this.jdbc.queryForObject("SELECT quote_ident(current_schema())", String.class);
		this.jdbc.execute("DROP TABLE IF EXISTS " + schema + "." + PredictionPartitions.tableName(runId));
		this.jdbc.update("DELETE FROM scoring_reject WHERE run_id = ?", runId);
	}

}
