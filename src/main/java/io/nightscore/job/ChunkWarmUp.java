package io.nightscore.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.CustomerRowCheckProcessor;
import io.nightscore.input.ReaderWarmUp;
import io.nightscore.monitoring.Histogram;
import io.nightscore.monitoring.HistogramListener;
import io.nightscore.monitoring.ReferenceEdges;
import io.nightscore.output.PredictionCopyEncoder;
import io.nightscore.scoring.ScoredBlock;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.scoring.ScoringProcessor;
import io.nightscore.scoring.compiled.CompiledWarmUp;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Sends the blocks of the bundled warm-up file ({@link ReaderWarmUp}) down the path a
 * chunk takes, without a database: read, row checks, scoring with a made-up model on the
 * compiled engine ({@link CompiledWarmUp}), feature and score histograms, COPY encoding.
 * It runs on a background thread while Spring starts (and the second of two cores is
 * mostly idle), so that the JIT compiles the path's hot code then rather than during the
 * run's first chunks, when both cores are scoring and PostgreSQL is loading. Without it,
 * the benchmark job's first 100,000 rows took 0.66 s and the rest went at 500,000 to
 * 600,000 rows/s; the JIT compiled for about 2 CPU-s within the job.
 *
 * <p>
 * The first pass over the file does the one-time initialisations and gives the rows the
 * model's thresholds and the histogram edges come from; then up to {@value #PASSES}
 * passes, each one only while {@code stopped} says no: the run, once it begins, has the
 * cores to itself. Whatever fails here stops the warm-up quietly; the run meets the same
 * problem and reports it.
 */
public final class ChunkWarmUp {

	/**
	 * Passes over the 4,096-row file after the first: what start-up leaves room for on
	 * two cores (32 passes delayed Spring's start by 0.25 s on the benchmark machine, and
	 * took 2 % off the job).
	 */
	static final int PASSES = 12;

	/** Rows per block: a few blocks per pass, many calls of each block-sized method. */
	static final int BLOCK_ROWS = 1024;

	private ChunkWarmUp() {
	}

	/**
	 * Warm the chunk path up.
	 * @param stopped asked before every pass: {@code true} ends the warm-up
	 * @return the rows scored
	 */
	public static long run(BooleanSupplier stopped) {
		try (ReaderWarmUp file = ReaderWarmUp.open()) {
			if (file == null) {
				return 0;
			}
			// the first pass: the one-time initialisations, and the rows to draw from
			AtomicReference<float[]> first = new AtomicReference<>();
			if (!file.readBlocks(BLOCK_ROWS, (block) -> first.compareAndSet(null, block.scorableFeatures().clone()))
					|| first.get() == null) {
				return 0;
			}
			float[] sample = first.get();
			List<String> features = ReaderWarmUp.FEATURES;
			try (ScoringModel model = CompiledWarmUp.model(features, sample)) {
				ScoringProcessor processor = new ScoringProcessor(model);
				processor.open(new ExecutionContext());
				try {
					Stages stages = new Stages(new CustomerRowCheckProcessor(features), processor,
							new HistogramListener(edges(features, sample)));
					for (int pass = 0; pass < PASSES && !stopped.getAsBoolean(); pass++) {
						if (!file.readBlocks(BLOCK_ROWS, stages::process)) {
							break;
						}
					}
					return stages.rows;
				}
				finally {
					processor.close();
				}
			}
		}
		catch (RuntimeException | LinkageError ex) {
			return 0;
		}
	}

	/** Per feature, the deciles of {@code sample}'s values; the score's, of [0, 1]. */
	private static ReferenceEdges edges(List<String> features, float[] sample) {
		int n = features.size();
		int rows = sample.length / n;
		List<double[]> edges = new ArrayList<>();
		for (int f = 0; f < n; f++) {
			float[] values = new float[rows];
			int count = 0;
			for (int row = 0; row < rows; row++) {
				float value = sample[row * n + f];
				if (!Float.isNaN(value)) {
					values[count++] = value;
				}
			}
			Arrays.sort(values, 0, count);
			edges.add(Histogram.quantileEdges(values, count, Histogram.DEFAULT_BINS));
		}
		double[] score = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
		return new ReferenceEdges("warm-up", features, edges, score);
	}

	/** A chunk's path as far as the database: its stages, one block at a time. */
	private static final class Stages {

		private final CustomerRowCheckProcessor checks;

		private final ScoringProcessor scoring;

		private final HistogramListener histograms;

		private final PredictionCopyEncoder encoder = new PredictionCopyEncoder();

		private long rows;

		Stages(CustomerRowCheckProcessor checks, ScoringProcessor scoring, HistogramListener histograms) {
			this.checks = checks;
			this.scoring = scoring;
			this.histograms = histograms;
		}

		void process(CustomerBlock read) {
			CustomerBlock checked = this.checks.process(read);
			ScoredBlock scored = this.scoring.process(checked);
			this.histograms.afterProcess(checked, scored);
			this.encoder.begin();
			this.encoder.addScored(scored);
			this.encoder.finish();
			this.rows += scored.rows() - scored.rejectedRows();
		}

	}

}
