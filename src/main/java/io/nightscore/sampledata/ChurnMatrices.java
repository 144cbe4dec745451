package io.nightscore.sampledata;

import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Builds XGBoost matrices of generated customers, with {@code NaN} as the missing value
 * and the churn label.
 */
final class ChurnMatrices {

	private ChurnMatrices() {
	}

	/**
	 * A dense matrix of consecutive customers with their labels; the caller disposes it.
	 * @param generator the generator
	 * @param first the index of the first customer
	 * @param rows how many customers
	 * @return the matrix
	 * @throws XGBoostError if XGBoost cannot build it
	 */
	static DMatrix of(ChurnDataGenerator generator, long first, int rows) throws XGBoostError {
		int columns = ChurnDataGenerator.FEATURE_NAMES.size();
		float[] data = new float[Math.multiplyExact(rows, columns)];
		float[] labels = new float[rows];
		for (int row = 0; row < rows; row++) {
			ChurnCustomer customer = generator.customer(first + row);
			System.arraycopy(customer.features(), 0, data, row * columns, columns);
			labels[row] = customer.churned() ? 1f : 0f;
		}
		DMatrix matrix = new DMatrix(data, rows, columns, Float.NaN);
		try {
			matrix.setLabel(labels);
			return matrix;
		}
		catch (XGBoostError | RuntimeException ex) {
			matrix.dispose();
			throw ex;
		}
	}

	/**
	 * XGBoost's feature types in model order: {@code int}, {@code float} or {@code i}
	 * (indicator).
	 */
	static String[] featureTypes() {
		ChurnFeature[] features = ChurnFeature.values();
		String[] types = new String[features.length];
		for (int i = 0; i < features.length; i++) {
			types[i] = features[i].type().xgboostType();
		}
		return types;
	}

	/** The single column of a binary model's predictions. */
	static float[] firstColumn(float[][] predictions) {
		float[] column = new float[predictions.length];
		for (int i = 0; i < predictions.length; i++) {
			column[i] = predictions[i][0];
		}
		return column;
	}

}
