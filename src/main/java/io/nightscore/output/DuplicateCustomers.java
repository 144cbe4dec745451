package io.nightscore.output;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves every customer id that occurs more than once in a run from the run's predictions
 * to {@code scoring_reject}, every copy of it, since nobody can tell which copy is right;
 * their reasons and sampled SHAP values go with them. Thread-safe; joins the caller's
 * transaction.
 */
public final class DuplicateCustomers {

	private final JdbcTemplate jdbc;

	public DuplicateCustomers(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Reject every copy of each duplicate customer id of the run.
	 * @return the number of rows rejected
	 */
	public int reject(long runId) {
		String table = PredictionPartitions.tableName(runId);
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
		// a rejected row keeps neither reasons nor sampled SHAP values
		for (String explanations : new String[] { "prediction_reason", "shap_sample" }) {
			this.jdbc.update("""
					DELETE FROM %s x USING %s p
					WHERE x.run_id = p.run_id AND x.source_file = p.source_file AND x.source_row = p.source_row
					      AND p.customer_id IN (SELECT customer_id FROM duplicate_customer)""".formatted(explanations,
					table));
		}
		this.jdbc.update(
				"DELETE FROM %s WHERE customer_id IN (SELECT customer_id FROM duplicate_customer)".formatted(table));
		this.jdbc.execute("DROP TABLE duplicate_customer");
		return rejected;
	}

}
