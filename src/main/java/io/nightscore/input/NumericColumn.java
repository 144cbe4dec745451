package io.nightscore.input;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * How one Parquet column's values become XGBoost's floats: every numeric or boolean
 * physical type, with or without an integer or decimal logical type, rounded to the
 * nearest float exactly as XGBoost would see it.
 */
enum NumericColumn {

	BOOLEAN {
		@Override
		float read(ColumnReader reader, int scale) {
			return reader.getBoolean() ? 1f : 0f;
		}
	},
	INT32 {
		@Override
		float read(ColumnReader reader, int scale) {
			return reader.getInteger();
		}
	},
	UINT32 {
		@Override
		float read(ColumnReader reader, int scale) {
			return Integer.toUnsignedLong(reader.getInteger());
		}
	},
	INT64 {
		@Override
		float read(ColumnReader reader, int scale) {
			return reader.getLong();
		}
	},
	UINT64 {
		@Override
		float read(ColumnReader reader, int scale) {
			return new BigDecimal(Long.toUnsignedString(reader.getLong())).floatValue();
		}
	},
	FLOAT {
		@Override
		float read(ColumnReader reader, int scale) {
			return reader.getFloat();
		}
	},
	DOUBLE {
		@Override
		float read(ColumnReader reader, int scale) {
			return (float) reader.getDouble();
		}
	},
	DECIMAL_INT32 {
		@Override
		float read(ColumnReader reader, int scale) {
			return BigDecimal.valueOf(reader.getInteger(), scale).floatValue();
		}
	},
	DECIMAL_INT64 {
		@Override
		float read(ColumnReader reader, int scale) {
			return BigDecimal.valueOf(reader.getLong(), scale).floatValue();
		}
	},
	DECIMAL_BINARY {
		@Override
		float read(ColumnReader reader, int scale) {
			return new BigDecimal(new BigInteger(reader.getBinary().getBytes()), scale).floatValue();
		}
	};

	/** The current (non-null) value of the reader as a float. */
	abstract float read(ColumnReader reader, int scale);

	/**
	 * The conversion for a column type, or {@code null} when the column is not numeric
	 * (text, dates, timestamps, intervals...).
	 */
	static NumericColumn of(PrimitiveType type) {
		LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
		if (logical instanceof DecimalLogicalTypeAnnotation) {
			return switch (type.getPrimitiveTypeName()) {
				case INT32 -> DECIMAL_INT32;
				case INT64 -> DECIMAL_INT64;
				case BINARY, FIXED_LEN_BYTE_ARRAY -> DECIMAL_BINARY;
				default -> null;
			};
		}
		boolean unsigned = logical instanceof IntLogicalTypeAnnotation integer && !integer.isSigned();
		if (logical != null && !(logical instanceof IntLogicalTypeAnnotation)) {
			return null;
		}
		return switch (type.getPrimitiveTypeName()) {
			case BOOLEAN -> BOOLEAN;
			case INT32 -> unsigned ? UINT32 : INT32;
			case INT64 -> unsigned ? UINT64 : INT64;
			case FLOAT -> FLOAT;
			case DOUBLE -> DOUBLE;
			default -> null;
		};
	}

	/** The decimal scale of a column, 0 for other types. */
	static int scaleOf(PrimitiveType type) {
		return (type.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation decimal) ? decimal.getScale()
				: 0;
	}

}
