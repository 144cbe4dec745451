package io.nightscore.monitoring;

import java.nio.file.Path;

import io.nightscore.sampledata.ChurnDataGenerator;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.TestDatabase;
import io.nightscore.support.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model registry: {@code model add / list / show}, scoring by version alone, a pinned
 * sha256, a model used without registration, and bad registrations.
 */
@JobIntegrationTest
class ModelRegistryIntegrationTests {

	static final String SHA = "3b1b91562b17a8ac8e17958358655f48888cedc1bdfed7df1c5c191a3bc1f437";

	@TempDir
	static Path data;

	static Path week1;

	static Path week2;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@BeforeAll
	static void generateWeeks() throws Exception {
		week1 = data.resolve("week1");
		week2 = data.resolve("week2");
		new ChurnDataGenerator(42).writeParquet(week1, 3_000, 1, ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE);
		new ChurnDataGenerator(43).writeParquet(week2, 3_000, 1, ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE);
	}

	@Test
	void aRegisteredVersionScoresAloneAndAPinnedSha256RefusesAnyOtherFile() {
		Result added = Nightscore.run("model", "add", "--model", DriftWeeks.MODEL.toString(), "--version", "v1");
		Result list = Nightscore.run("model", "list");
		Result show = Nightscore.run("model", "show", "v1");
		Result scored = Nightscore.run("score", "--input", week1.toString(), "--model-version", "v1", "--scoring-date",
				"2026-11-08");
		Result pinned = Nightscore.run("score", "--input", week2.toString(), "--model", DriftWeeks.MODEL.toString(),
				"--model-sha256", "0".repeat(64), "--scoring-date", "2026-11-15");
		Result unknown = Nightscore.run("score", "--input", week2.toString(), "--model-version", "v9", "--scoring-date",
				"2026-11-15");

		assertThat(added.exitCode()).as(added.toString()).isZero();
		assertThat(added.out().strip()).isEqualTo("Registered model v1 (sha256 " + SHA
				+ ", binary:logistic, 100 trees, 19 features) without a reference profile");
		assertThat(list.out()).containsPattern("v1 +3b1b91562b17 binary:logistic +100 +19 +none +.*churn-model.json");
		assertThat(show.out()).contains("base score     0.2").contains("feature types  [int, int, int");
		assertThat(scored.exitCode()).as(scored.toString()).isZero();
		assertThat(this.jdbc.queryForMap("SELECT model_version, model_sha256 FROM scoring_run WHERE run_id = 1"))
			.containsEntry("model_version", "v1")
			.containsEntry("model_sha256", SHA);
		assertThat(pinned.exitCode()).isEqualTo(2);
		assertThat(pinned.err()).contains("has sha256 " + SHA + ", not the pinned --model-sha256 " + "0".repeat(64));
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err().strip()).isEqualTo("Model version 'v9' is not registered with a file: register it"
				+ " with `nightscore model add --model FILE --version v9`, or pass --model");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_run", Integer.class)).isEqualTo(1);
	}

	@Test
	void anUnregisteredModelComparesWithThePreviousRunOnlyAndTheRunSaysSo() {
		String[] first = { "score", "--input", week1.toString(), "--model", DriftWeeks.MODEL.toString(),
				"--scoring-date", "2026-11-08" };
		String[] second = { "score", "--input", week2.toString(), "--model", DriftWeeks.MODEL.toString(),
				"--scoring-date", "2026-11-15" };

		assertThat(Nightscore.run(first).exitCode()).isZero();
		assertThat(Nightscore.run(second).exitCode()).isZero();

		assertThat(this.jdbc.queryForList("SELECT drift_reference FROM scoring_run ORDER BY run_id", String.class))
			.containsExactly(
					"nothing: model sha256-3b1b91562b17 has no training profile and no run was published before",
					"the previous published run 1 only: model sha256-3b1b91562b17 has no training profile");
		assertThat(
				this.jdbc.queryForList("SELECT DISTINCT edges_from FROM run_histogram WHERE run_id = 2", String.class))
			.containsExactly("run 1");
		assertThat(this.jdbc.queryForList(
				"SELECT DISTINCT verdict FROM run_check WHERE run_id = 2 AND check_name = 'psi_reference'",
				String.class))
			.containsExactly("skipped");
		assertThat(this.jdbc.queryForList(
				"SELECT DISTINCT verdict FROM run_check WHERE run_id = 2 AND check_name = 'psi_previous'",
				String.class))
			.containsExactly("ok");
	}

	@Test
	void trainingDataLackingAModelFeatureIsRefusedNamingIt() throws Exception {
		Path model = TinyModels.train(data.resolve("tiny.json"), "tenure_months", "loyalty_points");

		Result added = Nightscore.run("model", "add", "--model", model.toString(), "--version", "tiny",
				"--training-data", week1.toString());

		assertThat(added.exitCode()).as(added.toString()).isEqualTo(2);
		assertThat(added.err()).contains("loyalty_points").contains("customers-00000.parquet");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM model_version", Integer.class)).isZero();
	}

	@Test
	void badRegistrationsAreRefusedInOneLine() {
		Result badVersion = Nightscore.run("model", "add", "--model", DriftWeeks.MODEL.toString(), "--version", "a b");
		Result missingModel = Nightscore.run("model", "add", "--model", "no-such.json", "--version", "v1");
		Result unknown = Nightscore.run("model", "show", "v404");

		assertThat(badVersion.exitCode()).isEqualTo(2);
		assertThat(badVersion.err())
			.contains("--version must be 1 to 100 letters, digits or ._:+- characters, not 'a b'");
		assertThat(missingModel.exitCode()).isEqualTo(2);
		assertThat(missingModel.err()).contains("Model file no-such.json does not exist");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err().strip())
			.isEqualTo("Model version 'v404' is not registered: see `nightscore model list`");
	}

}
