package io.nightscore.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nightscore.output.RunChecksRepository;
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
 * The gate's checks of models whose feature names are also the names of other subjects of
 * the checks.
 */
@JobIntegrationTest
class GateSubjectsIntegrationTests {

	static final String SCHEMA = "message m { required binary customer_id (STRING); optional double score;"
			+ " optional double tenure; }";

	@TempDir
	Path dir;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@Test
	void aFeatureNamedScoreIsCheckedBesideTheModelsScores() throws Exception {
		Path model = TinyModels.train(this.dir.resolve("model.json"), "score", "tenure");
		Path input = Files.createDirectories(this.dir.resolve("input"));
		ParquetFixtures.write(input.resolve("part-0.parquet"), SCHEMA, rows(1_500));

		Result first = score(model, input, "2026-11-15");
		Result second = score(model, input, "2026-11-22");

		assertThat(first.exitCode()).as(first.toString()).isZero();
		assertThat(second.exitCode()).as(second.toString()).isZero();
		assertThat(this.jdbc.queryForList(
				"SELECT subject || ' ' || verdict FROM run_check WHERE run_id = 2 AND check_name = 'psi_previous'",
				String.class))
			.containsExactlyInAnyOrder("feature score ok", "tenure ok", "score ok");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores WHERE run_id = 2", Long.class))
			.isEqualTo(1_500);
	}

	@Test
	void aSegmentColumnWithAValuePerCustomerIsNotCountedButSaidSo() throws Exception {
		Path model = TinyModels.train(this.dir.resolve("model.json"), "score", "tenure");
		Path input = Files.createDirectories(this.dir.resolve("input"));
		ParquetFixtures.write(input.resolve("part-0.parquet"), SCHEMA, rows(RunChecksRepository.MAX_SEGMENTS + 500));

		Result result = Nightscore.run("score", "--input", input.toString(), "--model", model.toString(),
				"--scoring-date", "2026-11-22", "--segment-column", "customer_id", "--hold-on-segments");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM run_band WHERE segment <> ''", Long.class)).isZero();
		assertThat(this.jdbc.queryForList("SELECT subject || ' ' || verdict || ': ' || detail FROM run_check"
				+ " WHERE check_name = 'segment_high_share'", String.class))
			.containsExactly("customer_id skipped: --segment-column customer_id has more than 1000 distinct values:"
					+ " segments were not counted; name a column with a few values, such as a region");
	}

	private static Result score(Path model, Path input, String date) {
		return Nightscore.run("score", "--input", input.toString(), "--model", model.toString(), "--scoring-date",
				date);
	}

	private static List<Consumer<Group>> rows(int count) {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int n = i;
			rows.add((group) -> {
				group.add("customer_id", "C" + n);
				group.add("score", (double) (n % 23) - 11);
				group.add("tenure", (double) (n % 7));
			});
		}
		return rows;
	}

}
