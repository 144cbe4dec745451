package io.nightscore.input;

import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The first rows of an input, as a row-major matrix of the model's features: what the
 * equivalence check at model load scores besides the model's own probe rows, so that the
 * engines are compared on real rows too. Reads one block of the first file with rows;
 * leaves out rows holding a stored ±Infinity (never scored, and XGBoost4J refuses a
 * matrix with one). Stateless.
 */
public final class FirstRows {

	private FirstRows() {
	}

	/**
	 * Up to {@code rows} first rows of {@code snapshot}'s first file with rows, features
	 * in the order of {@code featureNames}, missing values as NaN.
	 */
	public static float[] read(InputSnapshot snapshot, String idColumn, List<String> featureNames, int rows,
			Configuration configuration) {
		InputFile file = snapshot.files().stream().filter((f) -> f.rows() > 0).findFirst().orElse(null);
		if (file == null || rows < 1) {
			return new float[0];
		}
		long end = Math.min(file.rows(), rows);
		ParquetCustomerReader reader = new ParquetCustomerReader(file, snapshot.files().indexOf(file), 0, end, idColumn,
				featureNames, (int) end, configuration);
		reader.open(new ExecutionContext());
		try {
			CustomerBlock block = reader.read();
			int n = featureNames.size();
			float[] matrix = new float[block.rows() * n];
			int kept = 0;
			for (int row = 0; row < block.rows(); row++) {
				if (block.nonFiniteFeature(row) < 0) {
					for (int f = 0; f < n; f++) {
						matrix[kept * n + f] = block.feature(row, f);
					}
					kept++;
				}
			}
			return Arrays.copyOf(matrix, kept * n);
		}
		finally {
			reader.close();
		}
	}

}
