package io.nightscore.sampledata;

import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The model's features in the model's order, each with its Parquet column name and type
 * and whether the column is optional (about {@link #NULL_RATE} nulls).
 */
enum ChurnFeature {

	TENURE_MONTHS("tenure_months", FeatureType.INT32, false),

	CONTRACT_MONTHS("contract_months", FeatureType.INT16, false),

	NUM_LINES("num_lines", FeatureType.INT8, false),

	SUPPORT_CALLS("support_calls", FeatureType.INT32, true),

	LATE_PAYMENTS("late_payments", FeatureType.INT32, false),

	TOTAL_DAY_CALLS("total_day_calls", FeatureType.INT64, false),

	DATA_USAGE_BYTES("data_usage_bytes", FeatureType.INT64, true),

	TOTAL_DAY_MINUTES("total_day_minutes", FeatureType.DOUBLE, false),

	TOTAL_EVE_MINUTES("total_eve_minutes", FeatureType.DOUBLE, true),

	TOTAL_NIGHT_MINUTES("total_night_minutes", FeatureType.FLOAT, false),

	TOTAL_INTL_MINUTES("total_intl_minutes", FeatureType.FLOAT, true),

	DROPPED_CALL_RATE("dropped_call_rate", FeatureType.FLOAT, false),

	SATISFACTION_SCORE("satisfaction_score", FeatureType.FLOAT, true),

	HAS_INTL_PLAN("has_intl_plan", FeatureType.BOOLEAN, false),

	HAS_VOICEMAIL("has_voicemail", FeatureType.BOOLEAN, false),

	PAPERLESS_BILLING("paperless_billing", FeatureType.BOOLEAN, true),

	MONTHLY_CHARGES("monthly_charges", FeatureType.DECIMAL_9_2, false),

	ACCOUNT_BALANCE("account_balance", FeatureType.DECIMAL_12_2, true),

	TOTAL_CHARGES("total_charges", FeatureType.DECIMAL_20_2, false);

	/** The share of nulls in each optional feature column. */
	static final double NULL_RATE = 0.01;

	private final String columnName;

	private final FeatureType type;

	private final boolean optional;

	ChurnFeature(String columnName, FeatureType type, boolean optional) {
		this.columnName = columnName;
		this.type = type;
		this.optional = optional;
	}

	String columnName() {
		return this.columnName;
	}

	FeatureType type() {
		return this.type;
	}

	boolean optional() {
		return this.optional;
	}

	/**
	 * The file schema: {@code customer_id}, {@code state}, the features in model order,
	 * then the {@code churned} label.
	 */
	static MessageType schema() {
		List<Type> columns = new ArrayList<>();
		columns.add(Types.required(PrimitiveTypeName.BINARY)
			.as(LogicalTypeAnnotation.stringType())
			.named(ChurnDataGenerator.ID_COLUMN));
		columns.add(Types.required(PrimitiveTypeName.BINARY)
			.as(LogicalTypeAnnotation.stringType())
			.named(ChurnDataGenerator.STATE_COLUMN));
		for (ChurnFeature feature : values()) {
			columns.add(feature.type.column(feature.columnName, feature.optional));
		}
		columns.add(Types.required(PrimitiveTypeName.BOOLEAN).named(ChurnDataGenerator.LABEL_COLUMN));
		return new MessageType("churn_customer", columns);
	}

}
