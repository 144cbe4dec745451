package io.nightscore.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.CustomerRowCheckProcessor;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputResolver;
import io.nightscore.input.InputSnapshot;
import io.nightscore.input.ParquetCustomerReader;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringModel;

import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Computes a model's reference profile from its training data (Parquet, the same contract
 * as {@code --input}): per feature the null rate and {@value Histogram#DEFAULT_BINS}
 * quantile bins with their counts, and the model's score distribution on that data.
 *
 * <p>
 * Reads every row with the scoring job's own reader and row check (rows it would reject
 * are left out) and keeps the values to cut exact deciles: memory is about 4 bytes per
 * row and feature, so profile a sample of a very large training set. Not thread-safe.
 */
public final class ReferenceProfiler {

	private static final int BLOCK_ROWS = 10_000;

	private final InputResolver inputs;

	public ReferenceProfiler(InputResolver inputs) {
		this.inputs = inputs;
	}

	/** A model's reference profile. */
	public record Profile(long rows, Map<String, Histogram> features, Histogram score, double[] scoreQuantiles) {
	}

	/**
	 * Profile the training data.
	 * @throws io.nightscore.ContractException if a file lacks a model feature (naming it)
	 * or cannot be read
	 */
	public Profile profile(ScoringModel model, String trainingData, String idColumn) {
		InputSnapshot snapshot = this.inputs.resolve(trainingData, idColumn, model.featureNames(), null);
		return profile(model, snapshot, idColumn, Long.MAX_VALUE, this.inputs.configuration());
	}

	/**
	 * Profile the first {@code maxRows} rows of {@code snapshot} (all of them with
	 * {@link Long#MAX_VALUE}), in file and row order.
	 */
	static Profile profile(ScoringModel model, InputSnapshot snapshot, String idColumn, long maxRows,
			Configuration configuration) {
		List<String> names = model.featureNames();
		Values[] values = new Values[names.size()];
		Arrays.setAll(values, (i) -> new Values());
		Values scores = new Values();
		CustomerRowCheckProcessor check = new CustomerRowCheckProcessor(names);
		long read = 0;
		long rows = 0;
		try (Scorer scorer = model.newScorer()) {
			for (int f = 0; f < snapshot.files().size() && read < maxRows; f++) {
				InputFile file = snapshot.files().get(f);
				long fileRows = Math.min(file.rows(), maxRows - read);
				if (fileRows == 0) {
					continue;
				}
				ParquetCustomerReader reader = new ParquetCustomerReader(file, f, 0, fileRows, idColumn, names,
						(int) Math.min(BLOCK_ROWS, fileRows), configuration);
				reader.open(new ExecutionContext());
				try {
					for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
						CustomerBlock checked = check.process(block);
						for (int row = 0; row < checked.rows(); row++) {
							if (checked.rejectReason(row) == null) {
								for (int i = 0; i < values.length; i++) {
									values[i].add(checked.feature(row, i));
								}
							}
						}
						int scorable = checked.rows() - checked.rejectedRows();
						for (float score : scorer.score(checked.scorableFeatures(), scorable)) {
							scores.add(score);
						}
						read += checked.rows();
						rows += scorable;
					}
				}
				finally {
					reader.close();
				}
			}
		}
		Map<String, Histogram> features = new LinkedHashMap<>();
		for (int i = 0; i < values.length; i++) {
			features.put(names.get(i), values[i].histogram());
		}
		return new Profile(rows, features, scores.histogram(), scores.quantiles());
	}

	/** A growing array of one variable's values and its null count. */
	private static final class Values {

		private float[] values = new float[1024];

		private int size;

		private long nulls;

		void add(float value) {
			if (Float.isNaN(value)) {
				this.nulls++;
				return;
			}
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.values.length * 2);
			}
			this.values[this.size++] = value;
		}

		Histogram histogram() {
			Arrays.sort(this.values, 0, this.size);
			Histogram histogram = new Histogram(
					Histogram.quantileEdges(this.values, this.size, Histogram.DEFAULT_BINS));
			for (int i = 0; i < this.size; i++) {
				histogram.add(this.values[i]);
			}
			for (long i = 0; i < this.nulls; i++) {
				histogram.add(Float.NaN);
			}
			return histogram;
		}

		double[] quantiles() {
			Arrays.sort(this.values, 0, this.size);
			List<Double> result = new ArrayList<>();
			for (double p : Histogram.QUANTILE_PROBABILITIES) {
				result.add((this.size == 0) ? Double.NaN
						: (double) this.values[(int) Math.min(this.size - 1, Math.round(p * (this.size - 1)))]);
			}
			return result.stream().mapToDouble(Double::doubleValue).toArray();
		}

	}

}
