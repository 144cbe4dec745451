package io.nightscore.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.ParquetFixtures;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gate compares a rerun of an older date with: the published run of that date or
 * the one before it, never a later week's.
 */
@JobIntegrationTest
class RerunGateIntegrationTests {

	static final String SCHEMA = "message m { required binary customer_id (STRING); optional double calls;"
			+ " optional double tenure; }";

	@TempDir
	Path dir;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@Test
	void aRerunOfAnOlderDateIsComparedWithThatDateNotWithALaterWeek() throws Exception {
		Path model = TinyModels.train(this.dir.resolve("model.json"), "calls", "tenure");
		Path ordinary = week("ordinary", 0);
		Path shifted = week("shifted", 40);
		assertThat(score(model, ordinary, "2026-11-15").exitCode()).isZero();
		assertThat(score(model, shifted, "2026-11-22", "--psi-hold", "1000", "--high-band-change-hold", "1").exitCode())
			.isZero();

		Result rerun = score(model, ordinary, "2026-11-15", "--rerun");

		assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
		assertThat(this.jdbc.queryForList("SELECT DISTINCT previous_run_id FROM run_histogram WHERE run_id = 3",
				Long.class))
			.containsExactly(1L);
		assertThat(this.jdbc.queryForObject("SELECT drift_reference FROM scoring_run WHERE run_id = 3", String.class))
			.contains("the previous published run 1");
		assertThat(this.jdbc.queryForObject("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.as("the later week stays live")
			.isEqualTo(2L);
	}

	private Path week(String name, double shift) throws Exception {
		Path input = Files.createDirectories(this.dir.resolve(name));
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < 3_000; i++) {
			int n = i;
			rows.add((group) -> {
				group.add("customer_id", "C" + n);
				group.add("calls", (double) (n % 23) - 11 + shift);
				group.add("tenure", (double) (n % 7));
			});
		}
		ParquetFixtures.write(input.resolve("part-0.parquet"), SCHEMA, rows);
		return input;
	}

	private static Result score(Path model, Path input, String date, String... options) {
		List<String> args = new ArrayList<>(
				List.of("score", "--input", input.toString(), "--model", model.toString(), "--scoring-date", date));
		args.addAll(List.of(options));
		return Nightscore.run(args.toArray(String[]::new));
	}

}
