package io.nightscore.input;

import java.util.Arrays;

import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes the next rows of positioned column readers ({@link ColumnCursor}) into a
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
	 * Decode {@code rows} rows, consuming them from the readers.
	 * @param firstRowNumber the 1-based row number of the first row within the file
	 */
	CustomerBlock decode(ColumnReader idReader, ColumnReader[] featureReaders, long firstRowNumber, int rows) {
		String[] customerIds = new String[rows];
		String[] idProblems = readIds(idReader, rows, customerIds);
		int width = featureReaders.length;
		float[] features = new float[rows * width];
		int[] nonFinite = null;
		NumericColumn[] conversions = this.binding.conversions();
		int[] scales = this.binding.scales();
		for (int feature = 0; feature < width; feature++) {
			ColumnReader column = featureReaders[feature];
			int defined = column.getDescriptor().getMaxDefinitionLevel();
			NumericColumn conversion = conversions[feature];
			int scale = scales[feature];
			for (int row = 0, at = feature; row < rows; row++, at += width) {
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
		return new CustomerBlock(this.fileIndex, firstRowNumber, customerIds, features, width, nonFinite, idProblems);
	}

	/**
	 * Fill {@code ids}; a bad text id's slot gets an escaped prefix of it.
	 * @return per row, why its id is bad, or {@code null} when every id is fine
	 */
	private String[] readIds(ColumnReader column, int rows, String[] ids) {
		String[] problems = null;
		int defined = column.getDescriptor().getMaxDefinitionLevel();
		boolean text = !this.binding.numericId();
		boolean int32 = column.getDescriptor().getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
		for (int row = 0; row < rows; row++) {
			if (column.getCurrentDefinitionLevel() == defined) {
				if (text) {
					CustomerIdDecoder.Decoded id = this.ids.decode(column.getBinary());
					ids[row] = id.id();
					if (id.isBad()) {
						problems = (problems != null) ? problems : new String[rows];
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
