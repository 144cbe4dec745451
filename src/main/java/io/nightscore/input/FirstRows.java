package io.nightscore.input;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The first rows of an input, as a row-major matrix of the model's features: what the
 * equivalence check at model load scores besides the model's own probe rows, so that the
 * engines are compared on real rows too. Reads one block of the first file with rows;
 * leaves out rows holding a stored ±Infinity (never scored, and XGBoost4J refuses a
 * matrix with one). Stateless.
 */
public final class FirstRows {

	private static final Logger logger = LoggerFactory.getLogger(FirstRows.class);

	private FirstRows() {
	}

	/**
	 * Up to {@code rows} first rows of the input at {@code location}, resolved with
	 * {@code featureNames}; none when the input cannot be resolved or read yet (the run
	 * resolves it again and reports why).
	 * @param resolved given the snapshot, once the input is resolved
	 */
	public static float[] ofInput(InputResolver inputs, String location, String idColumn, String requireMarker,
			List<String> featureNames, int rows, Consumer<InputSnapshot> resolved) {
		try {
			InputSnapshot snapshot = inputs.resolve(location, idColumn, featureNames, requireMarker);
			resolved.accept(snapshot);
			return read(snapshot, idColumn, featureNames, rows, inputs.configuration());
		}
		catch (RuntimeException ex) {
			logger.debug("No input rows for the equivalence check: {}", ex.getMessage());
			return new float[0];
		}
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
