package io.nightscore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nightscore.input.HadoopSettings;
import io.nightscore.input.InputResolver;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.support.S3Server;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads the same Parquet files through nightscore's reader from the local disk and from
 * an S3 server on 127.0.0.1 (S3Proxy, file-system backend), alternating, and prints the
 * throughput of each: what bench/s3-read.sh runs.
 *
 * <p>
 * Usage:
 * {@code S3ReadBenchmark DATA_DIR MODEL ROUNDS [--job=JAR] [hadoop.property=value ...]}.
 * Prints one line per round and source
 * ({@code round=1 source=s3 rows=N seconds=S rows_per_s=R}) and a summary with the
 * medians. With {@code --job=JAR} each round runs the whole job instead ({@code java -jar
 * JAR score ... --rerun}, without explanations, against the database of
 * {@code SPRING_DATASOURCE_*}) and takes its rows/s from the job's last line.
 */
public final class S3ReadBenchmark {

	private S3ReadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path data = Path.of(args[0]);
		List<String> features;
		try (ScoringModel model = ScoringModel.load(Path.of(args[1]), "bench")) {
			features = model.featureNames();
		}
		int rounds = Integer.parseInt(args[2]);
		String jar = null;
		Path work = Files.createTempDirectory("nightscore-s3-bench-");
		try (S3Server s3 = S3Server.start(work)) {
			s3.createBucket("bench");
			s3.uploadDirectory(data, "bench", "data");
			Map<String, String> properties = new java.util.LinkedHashMap<>(S3Server.hadoopProperties(s3.endpoint()));
			properties.put("fs.s3a.access.key", S3Server.ACCESS_KEY);
			properties.put("fs.s3a.secret.key", S3Server.SECRET_KEY);
			for (int i = 3; i < args.length; i++) {
				if (args[i].startsWith("--job=")) {
					jar = args[i].substring("--job=".length());
					continue;
				}
				properties.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
			}
			Configuration configuration = HadoopSettings.configuration(properties);
			Source source = (jar == null) ? (label, input) -> read(label, input, features, configuration)
					: job(jar, args[1], properties);
			List<Double> local = new ArrayList<>();
			List<Double> remote = new ArrayList<>();
			source.rowsPerSecond("warm-up", data.toString());
			source.rowsPerSecond("warm-up", "s3a://bench/data");
			for (int round = 1; round <= rounds; round++) {
				local.add(source.rowsPerSecond("round=" + round + " source=local", data.toString()));
				remote.add(source.rowsPerSecond("round=" + round + " source=s3", "s3a://bench/data"));
			}
			double localMedian = median(local);
			double remoteMedian = median(remote);
			System.out.printf("summary local_median_rows_per_s=%.0f s3_median_rows_per_s=%.0f s3_vs_local=%+.1f%%%n",
					localMedian, remoteMedian, (remoteMedian / localMedian - 1) * 100);
		}
		finally {
			InputResolver.closeFileSystems();
		}
	}

	private static double read(String label, String input, List<String> features, Configuration configuration) {
		long started = System.nanoTime();
		long rows = BenchInputs.read(input, features, 10_000, configuration, (block) -> {
		});
		double seconds = (System.nanoTime() - started) / 1e9;
		double rate = rows / seconds;
		System.out.printf("%s rows=%d seconds=%.2f rows_per_s=%.0f%n", label, rows, seconds, rate);
		return rate;
	}

	/** One round's rows per second from {@code input}, printed with {@code label}. */
	@FunctionalInterface
	private interface Source {

		double rowsPerSecond(String label, String input) throws Exception;

	}

	/** Rounds that run the real job on the input; the model stays local for both. */
	private static Source job(String jar, String model, Map<String, String> properties) {
		Pattern rate = Pattern.compile("(\\d+) rows scored by this attempt in ([0-9.]+) s \\((\\d+) rows/s\\)");
		return (label, input) -> {
			List<String> command = new ArrayList<>(List.of("java", "-jar", jar, "score", "--input", input, "--model",
					model, "--scoring-date", "2026-01-04", "--rerun", "--explain-top", "0", "--shap-sample", "0"));
			properties.forEach((key, value) -> command.addAll(List.of("--hadoop-property", key + "=" + value)));
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
			String out = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException(label + ": the job failed: " + out);
			}
			Matcher matcher = rate.matcher(out);
			if (!matcher.find()) {
				throw new IllegalStateException(label + ": no rate in the job's output: " + out);
			}
			System.out.printf("%s rows=%s seconds=%s rows_per_s=%s (job)%n", label, matcher.group(1), matcher.group(2),
					matcher.group(3));
			return Double.parseDouble(matcher.group(3));
		};
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
