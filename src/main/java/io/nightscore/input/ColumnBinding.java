package io.nightscore.input;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.nightscore.ContractException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The binding of one Parquet file's columns to the id column and the model's features,
 * matched by exact name; building it is the contract check that runs before any row is
 * written.
 *
 * <p>
 * XGBoost4J never checks names or column counts, so this binding is the only guard
 * against scoring the wrong columns. Immutable.
 */
final class ColumnBinding {

	private final ColumnDescriptor id;

	private final boolean numericId;

	private final ColumnDescriptor[] features;

	private final NumericColumn[] conversions;

	private final int[] scales;

	private final MessageType projection;

	private final int idFeature;

	private ColumnBinding(ColumnDescriptor id, boolean numericId, ColumnDescriptor[] features,
			NumericColumn[] conversions, int[] scales, MessageType projection) {
		this.id = id;
		this.numericId = numericId;
		this.features = features;
		this.conversions = conversions;
		this.scales = scales;
		this.projection = projection;
		this.idFeature = Arrays.asList(features).indexOf(id);
	}

	/**
	 * Bind a file's schema.
	 * @throws ContractException naming the file and column when the id column or a
	 * feature is missing, or a feature is not numeric
	 */
	static ColumnBinding bind(MessageType schema, String file, String idColumn, List<String> featureNames) {
		List<Type> projected = new ArrayList<>();
		PrimitiveType idType = column(schema, file, idColumn, "id column");
		boolean numericId = switch (idType.getPrimitiveTypeName()) {
			case INT32, INT64 -> idType.getLogicalTypeAnnotation() == null
					|| idType.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation;
			default -> false;
		};
		if (!numericId && idType.getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
			throw new ContractException("Parquet file " + file + ": id column '" + idColumn + "' has type "
					+ describe(idType) + "; it must be a string or an integer column (see --id-column)");
		}
		projected.add(idType);
		ColumnDescriptor[] features = new ColumnDescriptor[featureNames.size()];
		NumericColumn[] conversions = new NumericColumn[features.length];
		int[] scales = new int[features.length];
		for (int i = 0; i < features.length; i++) {
			String name = featureNames.get(i);
			PrimitiveType type = column(schema, file, name, "feature column");
			conversions[i] = NumericColumn.of(type);
			if (conversions[i] == null) {
				throw new ContractException("Parquet file " + file + ": feature column '" + name + "' has type "
						+ describe(type) + "; the model needs a numeric or boolean column");
			}
			scales[i] = NumericColumn.scaleOf(type);
			if (!name.equals(idColumn)) {
				projected.add(type);
			}
		}
		MessageType projection = new MessageType(schema.getName(), projected.stream().distinct().toList());
		for (int i = 0; i < features.length; i++) {
			features[i] = projection.getColumnDescription(new String[] { featureNames.get(i) });
		}
		return new ColumnBinding(projection.getColumnDescription(new String[] { idColumn }), numericId, features,
				conversions, scales, projection);
	}

	private static PrimitiveType column(MessageType schema, String file, String name, String role) {
		if (!schema.containsField(name)) {
			String hint = schema.getFields()
				.stream()
				.map(Type::getName)
				.filter(name::equalsIgnoreCase)
				.findFirst()
				.map((found) -> " (found '" + found + "' — names are case-sensitive)")
				.orElse("");
			throw new ContractException("Parquet file " + file + " has no " + role + " '" + name + "'" + hint
					+ ": the model's features and the id column must all be present");
		}
		Type type = schema.getType(name);
		if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
			throw new ContractException("Parquet file " + file + ": " + role + " '" + name
					+ "' is a nested or repeated column; it must be a flat column");
		}
		return type.asPrimitiveType();
	}

	private static String describe(PrimitiveType type) {
		LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
		return type.getPrimitiveTypeName() + ((logical != null) ? " (" + logical + ")" : "");
	}

	ColumnDescriptor id() {
		return this.id;
	}

	boolean numericId() {
		return this.numericId;
	}

	/**
	 * The index of the id column among the features, -1 when the model does not use it:
	 * its values then come from the id's reader, as a column's pages can be read once.
	 */
	int idFeature() {
		return this.idFeature;
	}

	ColumnDescriptor[] features() {
		return this.features;
	}

	NumericColumn[] conversions() {
		return this.conversions;
	}

	int[] scales() {
		return this.scales;
	}

	MessageType projection() {
		return this.projection;
	}

}
