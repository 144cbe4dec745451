package io.nightscore.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.CustomerRowCheckProcessor;
import io.nightscore.scoring.compiled.CompiledForest;
import io.nightscore.scoring.compiled.CompiledSupport;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.hadoop.conf.Configuration;

/**
 * The predict-alone benchmark, not a test: reads the input's rows into memory once, then
 * scores them chunk by chunk on one thread with XGBoost4J ({@code nthread=1}) and with
 * the compiled forest, alternating engine by engine over several rounds, and prints each
 * engine's median rows/s per core and the largest |difference| between their scores over
 * all rows. Run by {@code bench/predict.sh}.
 *
 * <p>
 * Arguments: input, model, [rounds, default 5], [chunk size, default 10000].
 */
public final class PredictBenchmark {

	private PredictBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path modelFile = Path.of(args[1]);
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		int chunkSize = (args.length > 3) ? Integer.parseInt(args[3]) : 10_000;
		byte[] bytes = Files.readAllBytes(modelFile);
		Forest forest = ForestReader.read(modelFile, bytes);
		String unsupported = CompiledSupport.whyNot(forest, Runtime.getRuntime().maxMemory());
		if (unsupported != null) {
			throw new IllegalStateException("The compiled engine cannot score " + modelFile + ": " + unsupported);
		}
		CompiledForest compiled = CompiledSupport.compile(forest);
		List<float[]> chunks = read(args[0], forest.featureNames(), chunkSize);
		int n = forest.numFeature();
		long rows = chunks.stream().mapToLong((chunk) -> chunk.length / n).sum();
		Booster booster = XGBoost.loadModel(bytes);
		try {
			booster.setParam("nthread", 1);
			double maxDiff = 0;
			for (float[] chunk : chunks) {
				float[][] expected = booster.inplace_predict(chunk, chunk.length / n, n, Float.NaN);
				float[] actual = compiled.score(chunk, chunk.length / n);
				for (int r = 0; r < actual.length; r++) {
					maxDiff = Math.max(maxDiff, Math.abs((double) actual[r] - expected[r][0]));
				}
			}
			double[] xgboost = new double[rounds];
			double[] mine = new double[rounds];
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			for (int round = 0; round < rounds; round++) {
				long w0 = System.nanoTime();
				long t0 = threads.getCurrentThreadCpuTime();
				for (float[] chunk : chunks) {
					booster.inplace_predict(chunk, chunk.length / n, n, Float.NaN);
				}
				long w1 = System.nanoTime();
				long t1 = threads.getCurrentThreadCpuTime();
				for (float[] chunk : chunks) {
					compiled.score(chunk, chunk.length / n);
				}
				long w2 = System.nanoTime();
				long t2 = threads.getCurrentThreadCpuTime();
				// per core: rows per second of this thread's own CPU time (the machine is
				// shared)
				xgboost[round] = rows / ((t1 - t0) / 1e9);
				mine[round] = rows / ((t2 - t1) / 1e9);
				System.out.printf(Locale.ROOT,
						"round %d: xgboost4j %.0f rows/cpu-s (wall %.2f s), compiled %.0f rows/cpu-s (wall %.2f s)%n",
						round + 1, xgboost[round], (w1 - w0) / 1e9, mine[round], (w2 - w1) / 1e9);
			}
			System.out.printf(Locale.ROOT,
					"predict rows=%d trees=%d max_depth=%d chunk=%d rounds=%d xgboost4j_rows_per_cpu_s=%.0f"
							+ " compiled_rows_per_cpu_s=%.0f ratio=%.2f max_abs_diff=%.3g%n",
					rows, forest.trees().size(), forest.maxDepth(), chunkSize, rounds, median(xgboost), median(mine),
					median(mine) / median(xgboost), maxDiff);
		}
		finally {
			booster.dispose();
		}
	}

	private static List<float[]> read(String input, List<String> features, int chunkSize) {
		CustomerRowCheckProcessor checker = new CustomerRowCheckProcessor(features);
		List<float[]> chunks = new ArrayList<>();
		BenchInputs.read(input, features, chunkSize, new Configuration(), (block) -> {
			CustomerBlock checked = checker.process(block);
			int scorable = checked.rows() - checked.rejectedRows();
			chunks.add(Arrays.copyOf(checked.scorableFeatures(), scorable * features.size()));
		});
		return chunks;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
