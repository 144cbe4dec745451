package io.nightscore.input;

import java.io.IOException;
import java.util.Arrays;

import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes the next rows of a positioned {@link ColumnCursor} into a
 * {@link CustomerBlock}: the ids (text ids strictly, through {@link CustomerIdDecoder},
 * so a bad id becomes a reject reason, not a failure) and the features, column by column,
 * straight into the block's row-major matrix.
 *
 * <p>
 * Not thread-safe: one per reader.
 */
final class CustomerBlockDecoder {

	private final ColumnBinding binding;

	private final int fileIndex;

	private final CustomerIdDecoder ids;

	CustomerBlockDecoder(ColumnBinding binding, int fileIndex, int maxIdLength) {
		this.binding = binding;
		this.fileIndex = fileIndex;
		this.ids = new CustomerIdDecoder(maxIdLength);
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
		int[] nonFinite = null;
		for (int from = 0; from < rows;) {
			long row = firstRow + from;
			if (row >= cursor.windowEnd()) {
				cursor.nextWindow();
			}
			int count = (int) Math.min(rows - from, cursor.windowEnd() - row);
			idProblems = readIds(cursor.idReader(), from, count, customerIds, idProblems);
			nonFinite = readFeatures(cursor.featureReaders(), from, count, rows, features, nonFinite);
			from += count;
		}
		return new CustomerBlock(this.fileIndex, firstRow + 1, customerIds, features, width, nonFinite, idProblems);
	}

	/**
	 * Fill rows {@code [from, from + count)} of the block's row-major matrix.
	 * @return the rows' first non-finite features, or {@code null} when every value is
	 * finite or missing
	 */
	private int[] readFeatures(ColumnReader[] featureReaders, int from, int count, int rows, float[] features,
			int[] nonFiniteSoFar) {
		int[] nonFinite = nonFiniteSoFar;
		int width = featureReaders.length;
		NumericColumn[] conversions = this.binding.conversions();
		int[] scales = this.binding.scales();
		for (int feature = 0; feature < width; feature++) {
			ColumnReader column = featureReaders[feature];
			int defined = column.getDescriptor().getMaxDefinitionLevel();
			NumericColumn conversion = conversions[feature];
			int scale = scales[feature];
			for (int row = from, at = from * width + feature, end = from + count; row < end; row++, at += width) {
				float value = Float.NaN;
				if (column.getCurrentDefinitionLevel() == defined) {
					value = conversion.read(column, scale);
					if (!Float.isFinite(value)) {
						nonFinite = markNonFinite(nonFinite, rows, row, feature);
					}
				}
				features[at] = value;
				column.consume();
			}
		}
		return nonFinite;
	}

	/**
	 * Fill {@code ids[from, from + count)}; a bad text id's slot gets an escaped prefix
	 * of it.
	 * @return per row, why its id is bad, or {@code null} when every id is fine
	 */
	private String[] readIds(ColumnReader column, int from, int count, String[] ids, String[] problemsSoFar) {
		String[] problems = problemsSoFar;
		int defined = column.getDescriptor().getMaxDefinitionLevel();
		boolean text = !this.binding.numericId();
		boolean int32 = column.getDescriptor().getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
		for (int row = from; row < from + count; row++) {
			if (column.getCurrentDefinitionLevel() == defined) {
				if (text) {
					CustomerIdDecoder.Decoded id = this.ids.decode(column.getBinary());
					ids[row] = id.id();
					if (id.isBad()) {
						problems = (problems != null) ? problems : new String[ids.length];
						problems[row] = id.problem();
					}
				}
				else {
					ids[row] = int32 ? Integer.toString(column.getInteger()) : Long.toString(column.getLong());
				}
			}
			column.consume();
		}
		return problems;
	}

	/** Features are read in order, so the first mark of a row is its first feature. */
	private static int[] markNonFinite(int[] nonFinite, int rows, int row, int feature) {
		int[] marks = nonFinite;
		if (marks == null) {
			marks = new int[rows];
			Arrays.fill(marks, -1);
		}
		if (marks[row] < 0) {
			marks[row] = feature;
		}
		return marks;
	}

}
