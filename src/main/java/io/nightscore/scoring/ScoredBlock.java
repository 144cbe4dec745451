package io.nightscore.scoring;

import java.util.List;

/**
 * The scoring stage's output for one block of input rows, as the writer stores it: where
 * the rows came from, each row's customer id and either its score or why it was not
 * scored, and, for the rows that were explained, their reasons.
 *
 * <p>
 * The arrays are shared, not copied: a block is handed from the processor to the writer
 * of one thread and never changed.
 */
public final class ScoredBlock {

	private final int fileIndex;

	private final long firstRowNumber;

	private final String[] customerIds;

	private final float[] scores;

	private final String[] rejectReasons;

	private final int rejected;

	private final ScoreReason[][] reasons;

	private final ShapSample sample;

	/**
	 * A scored block.
	 * @param fileIndex the file's index in the run's input snapshot
	 * @param firstRowNumber the 1-based row number of the first row within the file
	 * @param customerIds one id per row ({@code null} only for rejected rows)
	 * @param scores one score per row; the value of a rejected row is meaningless
	 * @param rejectReasons per row, why it was not scored, or {@code null} (the array
	 * itself may be {@code null} when no row was rejected)
	 * @param reasons per row, its reasons, or {@code null} when not explained (the array
	 * itself may be {@code null} when no row was)
	 */
	public ScoredBlock(int fileIndex, long firstRowNumber, String[] customerIds, float[] scores, String[] rejectReasons,
			ScoreReason[][] reasons) {
		this(fileIndex, firstRowNumber, customerIds, scores, rejectReasons, reasons, null);
	}

	/**
	 * A scored block with rows of the run's global SHAP sample.
	 * @param sample the block's rows in the sample, or {@code null} for none
	 */
	public ScoredBlock(int fileIndex, long firstRowNumber, String[] customerIds, float[] scores, String[] rejectReasons,
			ScoreReason[][] reasons, ShapSample sample) {
		if (scores.length != customerIds.length) {
			throw new IllegalArgumentException(customerIds.length + " rows need as many scores, not " + scores.length);
		}
		this.fileIndex = fileIndex;
		this.firstRowNumber = firstRowNumber;
		this.customerIds = customerIds;
		this.scores = scores;
		this.rejectReasons = rejectReasons;
		this.rejected = (rejectReasons != null) ? countNonNull(rejectReasons) : 0;
		this.reasons = reasons;
		this.sample = sample;
	}

	public int rows() {
		return this.customerIds.length;
	}

	public int fileIndex() {
		return this.fileIndex;
	}

	/** The 1-based row number within the file of the block's row {@code row}. */
	public long rowNumber(int row) {
		return this.firstRowNumber + row;
	}

	/** The 1-based row number within the file of the block's last row. */
	public long lastRowNumber() {
		return this.firstRowNumber + this.customerIds.length - 1;
	}

	public String customerId(int row) {
		return this.customerIds[row];
	}

	/** The score of a row that was not rejected. */
	public float score(int row) {
		return this.scores[row];
	}

	/** Why a row was not scored, or {@code null} when it was. */
	public String rejectReason(int row) {
		return (this.rejectReasons != null) ? this.rejectReasons[row] : null;
	}

	public int rejectedRows() {
		return this.rejected;
	}

	/** The reasons of a row's score, most important first; empty when not explained. */
	public List<ScoreReason> reasons(int row) {
		return (this.reasons != null && this.reasons[row] != null) ? List.of(this.reasons[row]) : List.of();
	}

	/** The block's rows in the run's global SHAP sample, or {@code null} when none. */
	public ShapSample shapSample() {
		return this.sample;
	}

	private static int countNonNull(String[] values) {
		int count = 0;
		for (String value : values) {
			count += (value != null) ? 1 : 0;
		}
		return count;
	}

}
