package io.nightscore.input;

import java.util.Arrays;

/**
 * Consecutive rows of one Parquet file, as the score step's item: the customer ids, the
 * model's features as one row-major matrix (the layout XGBoost scores, so a block is
 * scored without copying), where the rows came from, and why rows cannot be scored.
 *
 * <p>
 * One item per chunk keeps Spring Batch's per-item work (listeners, observations, scoped
 * proxies) out of the per-row cost. The arrays are shared, not copied: a block is handed
 * from the reader to the processor to the writer of one thread and never changed after
 * {@link #withRejects}.
 */
public final class CustomerBlock {

	private final int fileIndex;

	private final long firstRowNumber;

	private final String[] customerIds;

	private final float[] features;

	private final int featureCount;

	private final int[] nonFiniteFeatures;

	private final String[] idProblems;

	private final String[] rejectReasons;

	private final int rejected;

	/**
	 * A block as read.
	 * @param fileIndex the file's index in the run's input snapshot
	 * @param firstRowNumber the 1-based row number of the first row within the file
	 * @param customerIds one id per row, {@code null} where the id cell is null
	 * @param features {@code customerIds.length} rows of {@code featureCount} values, the
	 * model's features in the model's order; {@link Float#NaN} is a null (missing) value
	 * @param featureCount the number of features per row
	 * @param nonFiniteFeatures per row, the index of the first feature that held a stored
	 * NaN or infinity (not a null), or -1; {@code null} when no row has one
	 */
	public CustomerBlock(int fileIndex, long firstRowNumber, String[] customerIds, float[] features, int featureCount,
			int[] nonFiniteFeatures) {
		this(fileIndex, firstRowNumber, customerIds, features, featureCount, nonFiniteFeatures, null);
	}

	/**
	 * A block as read, with ids that could not be decoded.
	 * @param idProblems per row, why its id cell cannot be a customer id (too long,
	 * invalid UTF-8, control characters), its {@code customerIds} slot then holding a
	 * short escaped prefix of it; {@code null} when every id is fine
	 * @see #CustomerBlock(int, long, String[], float[], int, int[])
	 */
	public CustomerBlock(int fileIndex, long firstRowNumber, String[] customerIds, float[] features, int featureCount,
			int[] nonFiniteFeatures, String[] idProblems) {
		this(fileIndex, firstRowNumber, customerIds, features, featureCount, nonFiniteFeatures, idProblems, null, 0);
		if (features.length != customerIds.length * featureCount) {
			throw new IllegalArgumentException("A block of " + customerIds.length + " rows of " + featureCount
					+ " features needs " + customerIds.length * featureCount + " values, not " + features.length);
		}
	}

	private CustomerBlock(int fileIndex, long firstRowNumber, String[] customerIds, float[] features, int featureCount,
			int[] nonFiniteFeatures, String[] idProblems, String[] rejectReasons, int rejected) {
		this.fileIndex = fileIndex;
		this.firstRowNumber = firstRowNumber;
		this.customerIds = customerIds;
		this.features = features;
		this.featureCount = featureCount;
		this.nonFiniteFeatures = nonFiniteFeatures;
		this.idProblems = idProblems;
		this.rejectReasons = rejectReasons;
		this.rejected = rejected;
	}

	/**
	 * This block with some rows rejected.
	 * @param reasons per row, why it cannot be scored, or {@code null} to score it
	 */
	public CustomerBlock withRejects(String[] reasons) {
		int count = (int) Arrays.stream(reasons).filter((reason) -> reason != null).count();
		return (count == 0) ? this : new CustomerBlock(this.fileIndex, this.firstRowNumber, this.customerIds,
				this.features, this.featureCount, this.nonFiniteFeatures, this.idProblems, reasons.clone(), count);
	}

	public int rows() {
		return this.customerIds.length;
	}

	public int featureCount() {
		return this.featureCount;
	}

	public int fileIndex() {
		return this.fileIndex;
	}

	/** The 1-based row number within the file of the block's row {@code row}. */
	public long rowNumber(int row) {
		return this.firstRowNumber + row;
	}

	/** The customer id of a row, {@code null} when its cell is null. */
	public String customerId(int row) {
		return this.customerIds[row];
	}

	/** The feature {@code feature} of row {@code row}; {@link Float#NaN} when null. */
	public float feature(int row, int feature) {
		return this.features[row * this.featureCount + feature];
	}

	/**
	 * The index of the first feature of a row that held a stored NaN or infinity, or -1.
	 */
	public int nonFiniteFeature(int row) {
		return (this.nonFiniteFeatures != null) ? this.nonFiniteFeatures[row] : -1;
	}

	/**
	 * Why a row's id cell cannot be a customer id, or {@code null}; its
	 * {@link #customerId} is then a short escaped prefix of the cell.
	 */
	public String idProblem(int row) {
		return (this.idProblems != null) ? this.idProblems[row] : null;
	}

	/** Why a row cannot be scored, or {@code null} when it is to be scored. */
	public String rejectReason(int row) {
		return (this.rejectReasons != null) ? this.rejectReasons[row] : null;
	}

	public int rejectedRows() {
		return this.rejected;
	}

	/**
	 * The features of the rows to score, in row order, as one row-major matrix: the
	 * block's own array when no row is rejected, else a compacted copy.
	 */
	public float[] scorableFeatures() {
		if (this.rejected == 0) {
			return this.features;
		}
		float[] matrix = new float[(rows() - this.rejected) * this.featureCount];
		int at = 0;
		for (int row = 0; row < rows(); row++) {
			if (this.rejectReasons[row] == null) {
				System.arraycopy(this.features, row * this.featureCount, matrix, at, this.featureCount);
				at += this.featureCount;
			}
		}
		return matrix;
	}

}
