package io.nightscore.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Running out of memory is said as such, with the heap, threads and chunk size and what
 * to change, exit 8, never as a corrupt file; the previously published run stays what
 * {@code customer_scores} shows. An absurd {@code --threads} is refused before anything
 * starts.
 */
@JobIntegrationTest
class OutOfMemoryIntegrationTests {

	static final int FEATURES = 24;

	static final int ROWS = 400_000;

	/** A log line at INFO or WARN: logged progress, not the outcome's line. */
	static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d+ (INFO|WARN) .*");

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	@Test
	void aHeapTooSmallForTheChunkSizeExitsEightSayingMemoryRanOut() throws Exception {
		String[] features = IntStream.range(0, FEATURES).mapToObj((i) -> "f" + i).toArray(String[]::new);
		Path model = TinyModels.train(this.dir.resolve("model.json"), features);
		Path small = write(this.dir.resolve("small/customers.parquet"), features, 1_000);
		Path large = write(this.dir.resolve("large/customers.parquet"), features, ROWS);
		Result first = Nightscore.run("score", "--input", small.toString(), "--model", model.toString(),
				"--scoring-date", "2026-11-15");
		assertThat(first.exitCode()).as(first.toString()).isZero();

		Result result = NightscoreProcess.run(this.dir.resolve("logs"), NightscoreProcess.environment("oom"),
				List.of("-Xmx96m"), "score", "--input", large.toString(), "--model", model.toString(), "--scoring-date",
				"2026-11-22", "--threads", "1", "--chunk-size", "" + ROWS);

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(8);
		assertThat(result.err().lines()).as(result.toString())
			.noneMatch((line) -> line.startsWith("\tat ") || line.contains("corrupt"))
			.filteredOn((line) -> !line.isBlank() && !LOG_LINE.matcher(line).matches())
			.singleElement()
			.asString()
			.matches(
					"(Run 2|nightscore) (ran|would run) out of memory \\(.+\\) with a maximum heap of \\d+ MiB, 1 thread\\(s\\)"
							+ " and chunks of " + ROWS
							+ " rows: give the JVM more memory \\(-Xmx, or the container's memory"
							+ " limit\\) or lower --threads or --chunk-size, then run the same command again.*");
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(1L);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(1_000);
	}

	@Test
	void anAbsurdThreadCountIsRefusedBeforeAnythingStarts() {
		Result result = Nightscore.run("score", "--input", "in", "--model", "m.json", "--threads", "1000");

		int cores = Runtime.getRuntime().availableProcessors();
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().lines().findFirst()).hasValue("--threads 1000 is more than 8 per core of this machine ("
				+ cores + " cores): every thread holds its own model and chunk in memory and more threads than cores"
				+ " only wait; use at most " + 8 * cores + " (the default is the number of cores)");
		assertThat(result.out()).isEmpty();
	}

	private static Path write(Path file, String[] features, int rows) throws Exception {
		String schema = "message customers { required binary customer_id (STRING); "
				+ IntStream.range(0, features.length)
					.mapToObj((i) -> "required float " + features[i] + ";")
					.collect(Collectors.joining(" "))
				+ " }";
		List<Consumer<Group>> all = new ArrayList<>(rows);
		for (int n = 0; n < rows; n++) {
			int row = n;
			all.add((group) -> {
				group.add("customer_id", "customer-%09d".formatted(row));
				for (int i = 0; i < features.length; i++) {
					group.add(features[i], ((row * 31 + i * 7) % 101) * 0.1f);
				}
			});
		}
		return ParquetFixtures.write(file, schema, all);
	}

}
