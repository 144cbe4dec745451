package io.nightscore.output;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import java.util.List;

import io.nightscore.scoring.ScoreReason;
import io.nightscore.scoring.TopReasons;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Stores a chunk's explanations: the reason codes of its explained customers in
 * {@code prediction_reason} and its rows of the global SHAP sample in
 * {@code shap_sample}, each by one binary COPY.
 *
 * <p>
 * Thread-safe; every method joins the caller's transaction (the chunk's, so reasons
 * commit with their predictions and the reader's position). A {@link Batch} is not
 * thread-safe: one per writer, reused from chunk to chunk.
 */
public final class ExplanationRepository {

	static final String REASON_COLUMNS = "(run_id, customer_id, source_file, source_row, reason_1, reason_1_value,"
			+ " reason_1_contribution, reason_2, reason_2_value, reason_2_contribution, reason_3, reason_3_value,"
			+ " reason_3_contribution)";

	static final String SAMPLE_COLUMNS = "(run_id, source_file, source_row, contributions)";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	public ExplanationRepository(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/** The explanations of one chunk, encoded as they are added. */
	public static final class Batch {

		private final CopyBuffer reasons = new CopyBuffer();

		private final CopyBuffer sample = new CopyBuffer();

		private long runId;

		/** Start the explanations of a new chunk of one run. */
		public void begin(long runId) {
			this.runId = runId;
			this.reasons.begin();
			this.sample.begin();
		}

		public void addReasons(String customerId, int sourceFile, long sourceRow, List<ScoreReason> reasons) {
			CopyBuffer row = this.reasons;
			row.row(13);
			row.bigint(this.runId);
			row.text(customerId);
			row.integer(sourceFile);
			row.bigint(sourceRow);
			for (int i = 0; i < TopReasons.TOP; i++) {
				if (i < reasons.size()) {
					row.text(reasons.get(i).feature());
					row.real(reasons.get(i).value());
					row.real(reasons.get(i).contribution());
				}
				else {
					row.nullField();
					row.nullField();
					row.nullField();
				}
			}
		}

		/**
		 * Add a sample row's contributions: {@code width} values from {@code offset}
		 * (features, then the bias).
		 */
		public void addSample(int sourceFile, long sourceRow, float[] contributions, int offset, int width) {
			CopyBuffer row = this.sample;
			row.row(4);
			row.bigint(this.runId);
			row.integer(sourceFile);
			row.bigint(sourceRow);
			row.realArray(contributions, offset, width);
		}

		public int reasonRows() {
			return this.reasons.rows();
		}

		public int sampleRows() {
			return this.sample.rows();
		}

	}

	/** COPY a chunk's explanations, if it has any, on the transaction's connection. */
	public void copy(Batch batch) {
		if (batch.reasons.rows() > 0) {
			batch.reasons.finish();
			copy("prediction_reason " + REASON_COLUMNS, batch.reasons);
		}
		if (batch.sample.rows() > 0) {
			batch.sample.finish();
			copy("shap_sample " + SAMPLE_COLUMNS, batch.sample);
		}
	}

	/**
	 * Delete the run's explanations of rows {@code fromRow} to {@code toRow} (1-based,
	 * inclusive) of one input file, as a restart does for the predictions of a commit it
	 * never saw confirmed.
	 * @return the number of rows deleted
	 */
	public int deleteRows(long runId, int fileIndex, long fromRow, long toRow) {
		return this.jdbc.update(
				"DELETE FROM prediction_reason WHERE run_id = ? AND source_file = ? AND source_row BETWEEN ? AND ?",
				runId, fileIndex, fromRow, toRow)
				+ this.jdbc.update(
						"DELETE FROM shap_sample WHERE run_id = ? AND source_file = ? AND source_row BETWEEN ? AND ?",
						runId, fileIndex, fromRow, toRow);
	}

	private void copy(String target, CopyBuffer payload) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		CopyIn copy = null;
		try {
			copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY " + target + " FROM STDIN (FORMAT binary)");
			copy.writeToCopy(payload.bytes(), 0, payload.length());
			copy.endCopy();
		}
		catch (SQLException ex) {
			if (copy != null && copy.isActive()) {
				try {
					copy.cancelCopy();
				}
				catch (SQLException cancel) {
					// the transaction fails and rolls back anyway
				}
			}
			throw new DataAccessResourceFailureException("COPY into " + target + " failed: " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

}
