package io.nightscore.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.nightscore.job.ChunkWarmUp;
import io.nightscore.job.ScoringProperties;
import io.nightscore.scoring.forest.ForestReader;
import org.apache.hadoop.conf.Configuration;

/**
 * The read-alone benchmark, not a test: reads every row of the input (the id and the
 * model's features) through the job's reader, pass after pass on one thread, and prints
 * each pass's wall and thread CPU seconds and rows per CPU-second. The first pass is what
 * a run's reading costs cold (after the start-up's {@link ReaderWarmUp}, as in a run; the
 * JIT compiling the decoding loops as it goes), the later ones what it costs warm. Run by
 * {@code bench/read.sh}.
 *
 * <p>
 * Arguments: input, model (for its feature names), [passes, default 5], [chunk size,
 * default the job's].
 */
public final class ReadBenchmark {

	private ReadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path modelFile = Path.of(args[1]);
		List<String> features = ForestReader.read(modelFile, Files.readAllBytes(modelFile)).featureNames();
		int passes = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		int chunkSize = (args.length > 3) ? Integer.parseInt(args[3]) : ScoringProperties.DEFAULT_CHUNK_SIZE;
		// parquet-java's one-time initialisations and the JIT's warm-up, which a run does
		// while Spring starts
		ChunkWarmUp.run(() -> false);
		Configuration configuration = new Configuration();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int pass = 1; pass <= passes; pass++) {
			long wall = System.nanoTime();
			long cpu = threads.getCurrentThreadCpuTime();
			long rows = BenchInputs.read(args[0], features, chunkSize, configuration, (block) -> {
			});
			double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
			System.out.printf(Locale.ROOT, "read pass=%d rows=%d wall_s=%.3f cpu_s=%.3f rows_per_cpu_s=%.0f%n", pass,
					rows, (System.nanoTime() - wall) / 1e9, cpuSeconds, rows / cpuSeconds);
		}
	}

}
