package io.nightscore.input;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.api.Binary;
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
		float read(ValuesReader values, int scale) {
			return values.readBoolean() ? 1f : 0f;
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return dictionary.decodeToBoolean(id) ? 1f : 0f;
		}
	},
	INT32 {
		@Override
		float read(ValuesReader values, int scale) {
			return values.readInteger();
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return dictionary.decodeToInt(id);
		}
	},
	UINT32 {
		@Override
		float read(ValuesReader values, int scale) {
			return Integer.toUnsignedLong(values.readInteger());
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return Integer.toUnsignedLong(dictionary.decodeToInt(id));
		}
	},
	INT64 {
		@Override
		float read(ValuesReader values, int scale) {
			return values.readLong();
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return dictionary.decodeToLong(id);
		}
	},
	UINT64 {
		@Override
		float read(ValuesReader values, int scale) {
			return unsigned(values.readLong());
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return unsigned(dictionary.decodeToLong(id));
		}
	},
	FLOAT {
		@Override
		float read(ValuesReader values, int scale) {
			return values.readFloat();
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return dictionary.decodeToFloat(id);
		}
	},
	DOUBLE {
		@Override
		float read(ValuesReader values, int scale) {
			return (float) values.readDouble();
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return (float) dictionary.decodeToDouble(id);
		}
	},
	DECIMAL_INT32 {
		@Override
		float read(ValuesReader values, int scale) {
			return BigDecimal.valueOf(values.readInteger(), scale).floatValue();
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return BigDecimal.valueOf(dictionary.decodeToInt(id), scale).floatValue();
		}
	},
	DECIMAL_INT64 {
		@Override
		float read(ValuesReader values, int scale) {
			return BigDecimal.valueOf(values.readLong(), scale).floatValue();
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return BigDecimal.valueOf(dictionary.decodeToLong(id), scale).floatValue();
		}
	},
	DECIMAL_BINARY {
		@Override
		float read(ValuesReader values, int scale) {
			return decimal(values.readBytes(), scale);
		}

		@Override
		float fromDictionary(Dictionary dictionary, int id, int scale) {
			return decimal(dictionary.decodeToBinary(id), scale);
		}
	};

	/** The next (non-null) value of a page's values as a float. */
	abstract float read(ValuesReader values, int scale);

	/** A dictionary's entry as a float. */
	abstract float fromDictionary(Dictionary dictionary, int id, int scale);

	/** An unsigned 64-bit integer as the nearest float. */
	static float unsigned(long value) {
		return new BigDecimal(Long.toUnsignedString(value)).floatValue();
	}

	private static float decimal(Binary unscaled, int scale) {
		return new BigDecimal(new BigInteger(unscaled.getBytes()), scale).floatValue();
	}

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
