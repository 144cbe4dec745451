package io.nightscore.input;

import java.io.IOException;

/**
 * Decodes the next rows of a positioned {@link ColumnCursor} into a
 * {@link CustomerBlock}: the ids ({@link IdColumnReader}: a bad text id becomes a reject
 * reason, not a failure) and the features, column by column, straight into the block's
 * row-major matrix ({@link FeatureColumnReader}).
 *
 * <p>
 * Not thread-safe: one per reader.
 */
final class CustomerBlockDecoder {

	private final ColumnBinding binding;

	private final int fileIndex;

	CustomerBlockDecoder(ColumnBinding binding, int fileIndex) {
		this.binding = binding;
		this.fileIndex = fileIndex;
	}

	/**
	 * Decode the {@code rows} rows from 0-based row {@code firstRow} of the file on,
	 * consuming them from the cursor's readers and moving it to its next window where the
	 * rows run past the current one.
	 */
	CustomerBlock decode(ColumnCursor cursor, long firstRow, int rows) throws IOException {
		String[] customerIds = new String[rows];
		String[] idProblems = null;
		int width = this.binding.features().length;
		float[] features = new float[rows * width];
		NonFiniteMarks nonFinite = new NonFiniteMarks(rows);
		for (int from = 0; from < rows;) {
			long row = firstRow + from;
			if (row >= cursor.windowEnd()) {
				cursor.nextWindow();
			}
			int count = (int) Math.min(rows - from, cursor.windowEnd() - row);
			idProblems = cursor.idReader().read(from, count, customerIds, idProblems, features, width);
			FeatureColumnReader[] columns = cursor.featureReaders();
			for (int feature = 0; feature < width; feature++) {
				if (columns[feature] != null) {
					columns[feature].read(from, count, features, width, feature, nonFinite);
				}
			}
			from += count;
		}
		return new CustomerBlock(this.fileIndex, firstRow + 1, customerIds, features, width, nonFinite.marks(),
				idProblems);
	}

}
