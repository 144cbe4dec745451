package io.nightscore.output;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes rows that could not be scored to {@code scoring_reject}, with the file, the row
 * number within it, the customer id when there is one, and the reason. Thread-safe; joins
 * the caller's transaction.
 */
public final class RejectRepository {

	private final JdbcTemplate jdbc;

	public RejectRepository(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/** A rejected row. */
	public record Reject(String file, long rowNumber, String customerId, String reason) {
	}

	/**
	 * Delete the run's rejects of rows {@code fromRow} to {@code toRow} (1-based,
	 * inclusive) of one input file.
	 * @return the number of rejects deleted
	 */
	public int deleteRows(long runId, String file, long fromRow, long toRow) {
		return this.jdbc.update(
				"DELETE FROM scoring_reject WHERE run_id = ? AND file = ? AND row_number BETWEEN ? AND ?", runId, file,
				fromRow, toRow);
	}

	public void insert(long runId, List<Reject> rejects) {
		if (rejects.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate(
				"INSERT INTO scoring_reject (run_id, file, row_number, customer_id, reason) VALUES (?, ?, ?, ?, ?)",
				rejects, rejects.size(), (statement, reject) -> {
					statement.setLong(1, runId);
					statement.setString(2, reject.file());
					statement.setLong(3, reject.rowNumber());
					statement.setString(4, reject.customerId());
					statement.setString(5, reject.reason());
				});
	}

}
