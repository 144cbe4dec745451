package io.nightscore.input;

import java.io.IOException;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes the next rows of a positioned {@link ColumnCursor} into a
 * {@link CustomerBlock}: the ids (text ids strictly, through {@link CustomerIdDecoder},
 * so a bad id becomes a reject reason, not a failure) and the features, column by column,
 * straight into the block's row-major matrix ({@link FeatureColumnReader}).
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
		NonFiniteMarks nonFinite = new NonFiniteMarks(rows);
		for (int from = 0; from < rows;) {
			long row = firstRow + from;
			if (row >= cursor.windowEnd()) {
				cursor.nextWindow();
			}
			int count = (int) Math.min(rows - from, cursor.windowEnd() - row);
			idProblems = readIds(cursor.idReader(), from, count, customerIds, idProblems, features, width);
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

	/**
	 * Fill {@code ids[from, from + count)}; a bad text id's slot gets an escaped prefix
	 * of it. Where the id is also a feature, fill that column of {@code features} too.
	 * @return per row, why its id is bad, or {@code null} when every id is fine
	 */
	private String[] readIds(ColumnReader column, int from, int count, String[] ids, String[] problemsSoFar,
			float[] features, int width) {
		String[] problems = problemsSoFar;
		int idFeature = this.binding.idFeature();
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
					long id = int32 ? column.getInteger() : column.getLong();
					ids[row] = Long.toString(id);
					if (idFeature >= 0) {
						features[row * width + idFeature] = idAsFeature(id, this.binding.conversions()[idFeature]);
					}
				}
			}
			else if (idFeature >= 0) {
				features[row * width + idFeature] = Float.NaN;
			}
			column.consume();
		}
		return problems;
	}

	/** A numeric id as the feature it also is. */
	private static float idAsFeature(long id, NumericColumn conversion) {
		return switch (conversion) {
			case UINT32 -> Integer.toUnsignedLong((int) id);
			case UINT64 -> NumericColumn.unsigned(id);
			default -> id;
		};
	}

}
