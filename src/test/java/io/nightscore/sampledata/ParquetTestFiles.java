package io.nightscore.sampledata;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Reads test Parquet files back with parquet-java alone, independently of the generator's
 * own conversions.
 */
final class ParquetTestFiles {

	private ParquetTestFiles() {
	}

	static ParquetMetadata footer(Path file) throws IOException {
		try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
			return reader.getFooter();
		}
	}

	/** Every row of a file as id, features (as XGBoost sees them) and label. */
	static List<ChurnCustomer> readCustomers(Path file) throws IOException {
		List<ChurnCustomer> customers = new ArrayList<>();
		try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
			MessageType schema = reader.getFooter().getFileMetaData().getSchema();
			PageReadStore rowGroup;
			while ((rowGroup = reader.readNextRowGroup()) != null) {
				RecordReader<Group> rows = new ColumnIOFactory().getColumnIO(schema)
					.getRecordReader(rowGroup, new GroupRecordConverter(schema));
				for (long i = 0; i < rowGroup.getRowCount(); i++) {
					customers.add(toCustomer(rows.read(), schema));
				}
			}
		}
		return customers;
	}

	private static ChurnCustomer toCustomer(Group row, MessageType schema) {
		List<String> names = ChurnDataGenerator.FEATURE_NAMES;
		float[] features = new float[names.size()];
		for (int i = 0; i < features.length; i++) {
			features[i] = toFloat(row, names.get(i), schema.getType(names.get(i)).asPrimitiveType());
		}
		return new ChurnCustomer(row.getString(ChurnDataGenerator.ID_COLUMN, 0), features,
				row.getBoolean(ChurnDataGenerator.LABEL_COLUMN, 0));
	}

	private static float toFloat(Group row, String name, PrimitiveType type) {
		if (row.getFieldRepetitionCount(name) == 0) {
			return Float.NaN;
		}
		if (type.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation decimal) {
			BigInteger unscaled = switch (type.getPrimitiveTypeName()) {
				case INT32 -> BigInteger.valueOf(row.getInteger(name, 0));
				case INT64 -> BigInteger.valueOf(row.getLong(name, 0));
				default -> new BigInteger(row.getBinary(name, 0).getBytes());
			};
			return new BigDecimal(unscaled, decimal.getScale()).floatValue();
		}
		return switch (type.getPrimitiveTypeName()) {
			case BOOLEAN -> row.getBoolean(name, 0) ? 1f : 0f;
			case INT32 -> row.getInteger(name, 0);
			case INT64 -> row.getLong(name, 0);
			case FLOAT -> row.getFloat(name, 0);
			case DOUBLE -> (float) row.getDouble(name, 0);
			default -> throw new IllegalStateException("Unexpected feature type " + type);
		};
	}

}
