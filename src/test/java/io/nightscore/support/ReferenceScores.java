package io.nightscore.support;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The scores a test expects, computed independently of nightscore's reader and writer:
 * rows read through parquet-java's example {@link Group} API, converted to float in the
 * test's own code, and scored by XGBoost4J in one matrix.
 */
public final class ReferenceScores {

	private ReferenceScores() {
	}

	/** Customer id → expected score for every row of the files whose id is not null. */
	public static Map<String, Float> of(Path model, String idColumn, List<Path> files) throws Exception {
		Map<String, Float> scores = new LinkedHashMap<>();
		withMatrix(model, idColumn, files, (booster, rows, data) -> {
			float[][] predictions = booster.predict(data);
			for (int i = 0; i < rows.ids().size(); i++) {
				scores.put(rows.ids().get(i), predictions[i][0]);
			}
		});
		return scores;
	}

	/**
	 * Customer id → the row's features as floats, in the model's feature order, for every
	 * row of the files whose id is not null: what the batch job scores, read
	 * independently of its reader.
	 */
	public static Map<String, float[]> features(Path model, String idColumn, List<Path> files) throws Exception {
		return byId(rows(model, idColumn, files));
	}

	/**
	 * Customer id → the row's {@code features} as floats, in that order, for every row of
	 * the files whose id is not null, read independently of the job's reader.
	 */
	public static Map<String, float[]> features(List<String> features, String idColumn, List<Path> files)
			throws IOException {
		return byId(rows(features.toArray(String[]::new), idColumn, files));
	}

	private static Map<String, float[]> byId(Rows rows) {
		Map<String, float[]> byId = new LinkedHashMap<>();
		for (int i = 0; i < rows.ids().size(); i++) {
			byId.put(rows.ids().get(i), rows.features().get(i));
		}
		return byId;
	}

	/**
	 * Customer id → {features, SHAP contributions (features, then bias), margin} for
	 * every row of the files whose id is not null, by XGBoost4J's own
	 * {@code predictContrib}.
	 */
	public static Map<String, float[][]> contributions(Path model, String idColumn, List<Path> files) throws Exception {
		Map<String, float[][]> explained = new LinkedHashMap<>();
		withMatrix(model, idColumn, files, (booster, rows, data) -> {
			float[][] contributions = booster.predictContrib(data, 0);
			float[][] margins = booster.predict(data, true);
			for (int i = 0; i < rows.ids().size(); i++) {
				explained.put(rows.ids().get(i),
						new float[][] { rows.features().get(i), contributions[i], margins[i] });
			}
		});
		return explained;
	}

	/** The ids and feature rows of the files, in the model's feature order. */
	private record Rows(List<String> ids, List<float[]> features) {
	}

	private interface MatrixUse {

		void accept(Booster booster, Rows rows, DMatrix data) throws Exception;

	}

	private static Rows rows(Path model, String idColumn, List<Path> files) throws Exception {
		Booster booster = XGBoost.loadModel(model.toString());
		try {
			return rows(booster.getFeatureNames(), idColumn, files);
		}
		finally {
			booster.dispose();
		}
	}

	private static Rows rows(String[] features, String idColumn, List<Path> files) throws IOException {
		Rows rows = new Rows(new ArrayList<>(), new ArrayList<>());
		for (Path file : files) {
			read(file, idColumn, features, rows.ids(), rows.features());
		}
		return rows;
	}

	/** Load the model, read the rows into one DMatrix, and hand both to {@code use}. */
	private static void withMatrix(Path model, String idColumn, List<Path> files, MatrixUse use) throws Exception {
		Booster booster = XGBoost.loadModel(model.toString());
		try {
			String[] features = booster.getFeatureNames();
			Rows rows = rows(features, idColumn, files);
			float[] matrix = new float[rows.ids().size() * features.length];
			for (int i = 0; i < rows.ids().size(); i++) {
				System.arraycopy(rows.features().get(i), 0, matrix, i * features.length, features.length);
			}
			DMatrix data = new DMatrix(matrix, rows.ids().size(), features.length, Float.NaN);
			try {
				use.accept(booster, rows, data);
			}
			finally {
				data.dispose();
			}
		}
		finally {
			booster.dispose();
		}
	}

	private static void read(Path file, String idColumn, String[] features, List<String> ids, List<float[]> rows)
			throws IOException {
		HadoopInputFile input = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()),
				new Configuration());
		try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), input.getPath())
			.withConf(new Configuration())
			.build()) {
			for (Group group = reader.read(); group != null; group = reader.read()) {
				if (group.getFieldRepetitionCount(idColumn) == 0) {
					continue;
				}
				ids.add(group.getValueToString(group.getType().getFieldIndex(idColumn), 0));
				float[] row = new float[features.length];
				for (int i = 0; i < features.length; i++) {
					row[i] = (group.getFieldRepetitionCount(features[i]) == 0) ? Float.NaN : value(group, features[i]);
				}
				rows.add(row);
			}
		}
	}

	private static float value(Group group, String name) {
		GroupType type = group.getType();
		PrimitiveType column = type.getType(name).asPrimitiveType();
		LogicalTypeAnnotation logical = column.getLogicalTypeAnnotation();
		if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
			BigInteger unscaled = switch (column.getPrimitiveTypeName()) {
				case INT32 -> BigInteger.valueOf(group.getInteger(name, 0));
				case INT64 -> BigInteger.valueOf(group.getLong(name, 0));
				default -> new BigInteger(group.getBinary(name, 0).getBytes());
			};
			return Float.parseFloat(new BigDecimal(unscaled, decimal.getScale()).toString());
		}
		boolean unsigned = logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
				&& !integer.isSigned();
		return switch (column.getPrimitiveTypeName()) {
			case BOOLEAN -> group.getBoolean(name, 0) ? 1f : 0f;
			case INT32 ->
				unsigned ? (float) Integer.toUnsignedLong(group.getInteger(name, 0)) : group.getInteger(name, 0);
			case INT64 -> unsigned ? Float.parseFloat(Long.toUnsignedString(group.getLong(name, 0)))
					: (float) group.getLong(name, 0);
			case FLOAT -> group.getFloat(name, 0);
			case DOUBLE -> (float) group.getDouble(name, 0);
			default -> throw new IllegalArgumentException(name + " is not numeric");
		};
	}

}
