import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints bench/run.sh's results as a table: min / median / max of every metric over the
 * runs. Run as a single-file program: {@code java bench/BenchReport.java RESULTS.tsv}.
 *
 * <p>
 * The input has one header line of metric names, then one line per run; the first column
 * is the kind of run ({@code job}, {@code baseline}, {@code pipelined} or {@code spark}), the others are numbers or
 * {@code -} where a metric does not apply.
 */
public class BenchReport {

	/** Metric → label, in the order printed; metrics absent from the file are skipped. */
	static final Map<String, String> LABELS = labels("rows_per_s", "rows/s (rows / job execution)",
			"job_s", "job execution s (baseline: its loop)", "wall_s", "process wall s", "startup_exit_s",
			"  start-up + exit s (wall - job)", "prepare_s", "  prepareRun s", "score_s", "  scoreInput s",
			"read_s", "    read s (thread-seconds)", "predict_s", "    predict s (thread-seconds)", "write_s",
			"    encode + COPY s (thread-seconds)", "finalize_s", "  finalizeRun s", "publish_s",
			"  publishRun s", "cpu_s", "process CPU s (user + sys)", "machine_cpu_s",
			"machine CPU s (all processes, PostgreSQL too)", "cores_busy", "cores busy (machine CPU s / wall s)", "heap_mib", "peak heap used MiB (GC log)",
			"rss_mib", "max RSS MiB");

	public static void main(String[] args) throws Exception {
		List<String> lines = Files.readAllLines(Path.of(args[0]));
		String[] header = lines.get(0).split("\t");
		Map<String, List<String[]>> byKind = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.split("\t");
			byKind.computeIfAbsent(cells[0], (kind) -> new ArrayList<>()).add(cells);
		}
		Map<String, double[]> medians = new LinkedHashMap<>();
		for (Map.Entry<String, List<String[]>> kind : byKind.entrySet()) {
			System.out.printf(Locale.ROOT, "%n%s (%d runs)%n", title(kind.getKey()), kind.getValue().size());
			System.out.printf(Locale.ROOT, "  %-44s %10s %10s %10s%n", "", "min", "median", "max");
			for (Map.Entry<String, String> metric : LABELS.entrySet()) {
				int column = Arrays.asList(header).indexOf(metric.getKey());
				double[] values = (column < 0) ? new double[0]
						: kind.getValue()
							.stream()
							.map((cells) -> cells[column])
							.filter((cell) -> !cell.equals("-"))
							.mapToDouble(Double::parseDouble)
							.sorted()
							.toArray();
				if (values.length == 0) {
					continue;
				}
				double median = median(values);
				medians.put(kind.getKey() + "." + metric.getKey(), new double[] { median });
				System.out.printf(Locale.ROOT, "  %-44s %10s %10s %10s%n", metric.getValue(), format(values[0]),
						format(median), format(values[values.length - 1]));
			}
		}
		double[] job = medians.get("job.rows_per_s");
		double[] baseline = medians.get("baseline.rows_per_s");
		if (job != null && baseline != null) {
			System.out.printf(Locale.ROOT, "%nmedian job rows/s / median baseline rows/s = %.2f%n",
					job[0] / baseline[0]);
		}
		double[] pipelined = medians.get("pipelined.rows_per_s");
		if (job != null && pipelined != null) {
			System.out.printf(Locale.ROOT, "median job rows/s / median pipelined reference rows/s = %.2f%n",
					job[0] / pipelined[0]);
			double[] paired = pairedRatios(header, byKind.get("job"), byKind.get("pipelined"));
			if (paired.length > 0) {
				System.out.printf(Locale.ROOT,
						"job rows/s / pipelined reference rows/s, run by run (the reference runs right after the"
								+ " job, so a machine's drift between runs cancels): min %.2f, median %.2f, max %.2f%n",
						paired[0], median(paired), paired[paired.length - 1]);
			}
		}
		double[] spark = medians.get("spark.rows_per_s");
		if (job != null && spark != null) {
			System.out.printf(Locale.ROOT, "median job rows/s / median Spark rows/s = %.2f%n", job[0] / spark[0]);
		}
	}

	/**
	 * Per run number present in both kinds, the job's rows/s over the other's, sorted.
	 */
	static double[] pairedRatios(String[] header, List<String[]> jobs, List<String[]> others) {
		int run = Arrays.asList(header).indexOf("run");
		int rate = Arrays.asList(header).indexOf("rows_per_s");
		Map<String, Double> other = new LinkedHashMap<>();
		for (String[] cells : others) {
			other.put(cells[run], Double.parseDouble(cells[rate]));
		}
		return jobs.stream()
			.filter((cells) -> other.containsKey(cells[run]))
			.mapToDouble((cells) -> Double.parseDouble(cells[rate]) / other.get(cells[run]))
			.sorted()
			.toArray();
	}

	static double median(double[] sorted) {
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	}

	private static String title(String kind) {
		return switch (kind) {
			case "job" -> "nightscore score (java IMAGE_FLAGS -jar bench/work/app-*/nightscore.jar score ..., the jar extracted, as the image runs it)";
			case "baseline" -> "baseline: one thread, read chunk -> check -> predict -> COPY, no finalize";
			case "pipelined" ->
				"pipelined reference: reader thread -> 2 XGBoost4J scorer threads (nthread=1) -> COPY writer thread, no finalize";
			case "spark" ->
				"Spark (local mode, every core): spark.read().parquet -> XGBoost4J-Spark transform -> JDBC writer (batched inserts), no finalize";
			default -> kind;
		};
	}

	private static String format(double value) {
		return (Math.abs(value) >= 1000) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.2f", value);
	}

	private static Map<String, String> labels(String... pairs) {
		Map<String, String> labels = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			labels.put(pairs[i], pairs[i + 1]);
		}
		return labels;
	}

}
