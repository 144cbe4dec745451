package io.nightscore.input;

/**
 * One customer's feature row as read from Parquet: the id, the model's features in the
 * model's order (null is {@link Float#NaN}), and where the row came from.
 *
 * @param customerId the id as text, {@code null} when the id cell is null
 * @param features the feature values in the model's order
 * @param fileIndex the file's index in the run's input snapshot
 * @param rowNumber the 1-based row number within that file
 * @param nonFiniteFeature the index of the first feature that held a stored NaN or
 * infinity (not a null), or -1
 * @param rejectReason why the row cannot be scored, or {@code null} for a row to score
 */
public record CustomerRow(String customerId, float[] features, int fileIndex, long rowNumber, int nonFiniteFeature,
		String rejectReason) {

	/** This row, rejected for the given reason. */
	public CustomerRow reject(String reason) {
		return new CustomerRow(this.customerId, this.features, this.fileIndex, this.rowNumber, this.nonFiniteFeature,
				reason);
	}

	public boolean rejected() {
		return this.rejectReason != null;
	}

}
