package io.nightscore.sampledata;

import java.math.BigDecimal;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet type of a synthetic feature column, with how a generated value is written
 * to a {@link Group} and how XGBoost sees it as a float.
 *
 * <p>
 * Generated values are held as doubles: integers and booleans (1/0) as such, decimals as
 * their unscaled value (cents), float columns as values already rounded to float, and
 * {@code NaN} for null.
 */
enum FeatureType {

	/** INT32 without a logical type. */
	INT32(PrimitiveTypeName.INT32, null, "int"),

	/** INT32 annotated {@code INT(16, true)}. */
	INT16(PrimitiveTypeName.INT32, LogicalTypeAnnotation.intType(16, true), "int"),

	/** INT32 annotated {@code INT(8, true)}. */
	INT8(PrimitiveTypeName.INT32, LogicalTypeAnnotation.intType(8, true), "int"),

	/** INT64 without a logical type. */
	INT64(PrimitiveTypeName.INT64, null, "int"),

	/** FLOAT. */
	FLOAT(PrimitiveTypeName.FLOAT, null, "float"),

	/** DOUBLE. */
	DOUBLE(PrimitiveTypeName.DOUBLE, null, "float"),

	/** BOOLEAN, an indicator for XGBoost. */
	BOOLEAN(PrimitiveTypeName.BOOLEAN, null, "i"),

	/** {@code DECIMAL(9, 2)} on INT32. */
	DECIMAL_9_2(PrimitiveTypeName.INT32, LogicalTypeAnnotation.decimalType(2, 9), "float"),

	/** {@code DECIMAL(12, 2)} on INT64. */
	DECIMAL_12_2(PrimitiveTypeName.INT64, LogicalTypeAnnotation.decimalType(2, 12), "float"),

	/**
	 * {@code DECIMAL(20, 2)} on a 9-byte FIXED_LEN_BYTE_ARRAY, as Spark writes wide
	 * decimals.
	 */
	DECIMAL_20_2(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, LogicalTypeAnnotation.decimalType(2, 20), "float");

	private static final int FIXED_LENGTH = 9;

	private final PrimitiveTypeName physicalType;

	private final LogicalTypeAnnotation logicalType;

	private final String xgboostType;

	FeatureType(PrimitiveTypeName physicalType, LogicalTypeAnnotation logicalType, String xgboostType) {
		this.physicalType = physicalType;
		this.logicalType = logicalType;
		this.xgboostType = xgboostType;
	}

	/** The Parquet column of this type. */
	PrimitiveType column(String name, boolean optional) {
		Types.PrimitiveBuilder<PrimitiveType> builder = Types.primitive(this.physicalType,
				optional ? Repetition.OPTIONAL : Repetition.REQUIRED);
		if (this == DECIMAL_20_2) {
			builder = builder.length(FIXED_LENGTH);
		}
		return builder.as(this.logicalType).named(name);
	}

	/**
	 * The feature type recorded in the XGBoost model: {@code int}, {@code float} or
	 * {@code i}.
	 */
	String xgboostType() {
		return this.xgboostType;
	}

	/** Append a non-null generated value to field {@code field} of a row. */
	void write(Group row, int field, double value) {
		switch (this) {
			case INT32, INT16, INT8, DECIMAL_9_2 -> row.add(field, (int) value);
			case INT64, DECIMAL_12_2 -> row.add(field, (long) value);
			case FLOAT -> row.add(field, (float) value);
			case DOUBLE -> row.add(field, value);
			case BOOLEAN -> row.add(field, value != 0);
			case DECIMAL_20_2 -> row.add(field, Binary.fromConstantByteArray(bigEndian((long) value)));
		}
	}

	/**
	 * The float XGBoost sees for a generated value: {@code NaN} for null, decimals
	 * rounded once.
	 */
	float toFloat(double value) {
		if (Double.isNaN(value)) {
			return Float.NaN;
		}
		return switch (this) {
			case INT32, INT16, INT8 -> (int) value;
			case INT64 -> (long) value;
			case FLOAT, DOUBLE, BOOLEAN -> (float) value;
			case DECIMAL_9_2, DECIMAL_12_2, DECIMAL_20_2 -> BigDecimal.valueOf((long) value, 2).floatValue();
		};
	}

	/**
	 * Two's complement big-endian, sign-extended to the fixed length, as the decimal spec
	 * says.
	 */
	private static byte[] bigEndian(long unscaled) {
		byte[] bytes = new byte[FIXED_LENGTH];
		long remaining = unscaled;
		for (int i = FIXED_LENGTH - 1; i >= 0; i--) {
			bytes[i] = (byte) remaining;
			remaining >>= 8;
		}
		return bytes;
	}

}
