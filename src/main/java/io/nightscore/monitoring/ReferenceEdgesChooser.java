package io.nightscore.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputSnapshot;
import io.nightscore.input.ParquetCustomerReader;

import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Chooses the edges a run bins its features and scores against: the model's training
 * profile when it has one, else the previous published run's edges (so the two compare),
 * else deciles of a sample of the run's own input (the first run of a model without a
 * profile: nothing to compare with yet, but the next run will compare with this one).
 * Thread-safe.
 */
public final class ReferenceEdgesChooser {

	/** Rows read from the start of the input to cut a first run's edges. */
	public static final int SAMPLE_ROWS = 20_000;

	private final Configuration configuration;

	public ReferenceEdgesChooser(Configuration configuration) {
		this.configuration = configuration;
	}

	/**
	 * Choose the edges.
	 * @param reference the model's training profile, or {@code null}
	 * @param referenceSource how to name it
	 * @param previous the previous published run's measurements, or {@code null}
	 */
	public ReferenceEdges choose(List<String> featureNames, RunMeasurements reference, String referenceSource,
			RunMeasurements previous, InputSnapshot snapshot, String idColumn) {
		if (covers(reference, featureNames)) {
			return from(referenceSource, reference, featureNames);
		}
		if (covers(previous, featureNames)) {
			return from("run " + previous.runId(), previous, featureNames);
		}
		return sample(featureNames, snapshot, idColumn);
	}

	private static boolean covers(RunMeasurements measured, List<String> featureNames) {
		return measured != null && measured.features().keySet().containsAll(featureNames);
	}

	private static ReferenceEdges from(String source, RunMeasurements measured, List<String> featureNames) {
		List<double[]> edges = featureNames.stream().map((name) -> measured.features().get(name).edges()).toList();
		double[] score = (measured.score() != null) ? measured.score().edges() : new double[0];
		return new ReferenceEdges(source, featureNames, edges, score);
	}

	private ReferenceEdges sample(List<String> featureNames, InputSnapshot snapshot, String idColumn) {
		float[][] values = new float[featureNames.size()][SAMPLE_ROWS];
		int[] sizes = new int[featureNames.size()];
		int read = 0;
		for (int f = 0; f < snapshot.files().size() && read < SAMPLE_ROWS; f++) {
			InputFile file = snapshot.files().get(f);
			long rows = Math.min(file.rows(), SAMPLE_ROWS - read);
			if (rows == 0) {
				continue;
			}
			ParquetCustomerReader reader = new ParquetCustomerReader(file, f, 0, rows, idColumn, featureNames,
					(int) rows, this.configuration);
			reader.open(new ExecutionContext());
			try {
				for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
					for (int row = 0; row < block.rows(); row++) {
						for (int i = 0; i < sizes.length; i++) {
							float value = block.feature(row, i);
							if (Float.isFinite(value)) {
								values[i][sizes[i]++] = value;
							}
						}
					}
					read += block.rows();
				}
			}
			finally {
				reader.close();
			}
		}
		List<double[]> edges = new ArrayList<>();
		for (int i = 0; i < sizes.length; i++) {
			Arrays.sort(values[i], 0, sizes[i]);
			edges.add(Histogram.quantileEdges(values[i], sizes[i], Histogram.DEFAULT_BINS));
		}
		return new ReferenceEdges("a sample of this run's input (" + read + " rows)", featureNames, edges,
				new double[0]);
	}

}
