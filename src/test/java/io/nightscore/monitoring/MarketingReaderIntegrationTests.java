package io.nightscore.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What marketing reads: the views over the live and previous published run, the queries
 * in {@code sql/queries/}, their comments, and a person given read access the README's
 * way, who can read the views and nothing else.
 */
@JobIntegrationTest
class MarketingReaderIntegrationTests {

	static final String MARKETER = TestDatabase.SCHEMA + "_marketer";

	@TempDir
	static Path data;

	static DriftWeeks weeks;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@BeforeAll
	static void generateWeeks() throws Exception {
		weeks = DriftWeeks.generate(data);
	}

	@AfterEach
	void dropTheMarketer() {
		this.jdbc.execute("DROP ROLE IF EXISTS " + MARKETER);
	}

	@Test
	void aPersonInTheReaderRoleReadsTheViewsAndQueriesAndNothingElse() throws Exception {
		publishTwoWeeksAndHoldTheDriftedOne();
		this.jdbc.execute("DROP ROLE IF EXISTS " + MARKETER);
		this.jdbc.execute("CREATE ROLE " + MARKETER + " LOGIN IN ROLE nightscore_reader");

		try (Connection marketer = DriverManager.getConnection(TestDatabase.url(), MARKETER, "")) {
			assertThat(count(marketer, "SELECT count(*) FROM customer_scores")).isEqualTo(5000);
			assertThat(count(marketer, "SELECT count(DISTINCT run_id) FROM customer_scores")).isEqualTo(1);
			assertThat(count(marketer, "SELECT count(*) FROM customer_score_changes WHERE previous_score IS NOT NULL"))
				.as("customers scored both weeks (ids C00000001.. in both)")
				.isEqualTo(5000);
			assertThat(count(marketer, "SELECT count(*) FROM weekly_band_counts")).as("two weeks × three bands")
				.isEqualTo(6);
			assertThat(query(marketer, "top_to_call.sql")).hasSize(10)
				.allSatisfy((row) -> assertThat(row).contains("high"));
			assertThat(query(marketer, "top_to_call.sql")).as("reasons joined for the high band")
				.noneMatch((row) -> row.endsWith("null null null null null null"));
			assertThat(query(marketer, "entered_high_band.sql")).hasSize(count(marketer,
					"SELECT count(*) FROM customer_score_changes WHERE risk_band = 'high' AND previous_band <> 'high'"));
			assertThat(query(marketer, "band_counts_12_weeks.sql")).hasSize(6);
			for (String table : List.of("prediction", "scoring_run", "run_check", "run_histogram", "model_version",
					"scoring_reject", "batch_job_instance")) {
				assertThatThrownBy(() -> count(marketer, "SELECT count(*) FROM " + table)).as(table)
					.isInstanceOf(SQLException.class)
					.hasMessageContaining("permission denied");
			}
		}
	}

	@Test
	void afterASameDateRerunLastWeekIsStillTheEarlierDateAndPruningKeepsIt() {
		assertThat(Nightscore.run("model", "add", "--model", DriftWeeks.MODEL.toString(), "--version", "churn-v1")
			.exitCode()).isZero();
		assertThat(Nightscore.run(DriftWeeks.score(weeks.week1(), "2026-11-08")).exitCode()).isZero();
		assertThat(Nightscore.run(DriftWeeks.score(weeks.week2(), "2026-11-15")).exitCode()).isZero();
		List<String> enteredHigh = enteredHigh();
		assertThat(enteredHigh).as("customers whose band rose to high from 11-08 to 11-15").isNotEmpty();

		assertThat(Nightscore.run(DriftWeeks.score(weeks.week2(), "2026-11-15", "--rerun")).exitCode()).isZero();
		assertThat(Nightscore.run("prune", "--keep-runs", "0").exitCode()).isZero();

		assertThat(this.jdbc.queryForList("SELECT DISTINCT previous_scoring_date::text FROM customer_score_changes",
				String.class))
			.as("last week is 11-08, not the 11-15 run the rerun superseded")
			.containsExactly("2026-11-08");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM customer_score_changes WHERE previous_score IS NOT NULL", Integer.class))
			.as("11-08's predictions survive pruning while the view reads them")
			.isEqualTo(5000);
		assertThat(enteredHigh()).as("the rerun scored the same input").isEqualTo(enteredHigh);
	}

	private List<String> enteredHigh() {
		return this.jdbc.queryForList(
				"SELECT customer_id FROM customer_score_changes WHERE entered_high ORDER BY customer_id", String.class);
	}

	@Test
	void everyViewAndColumnMarketingSeesHasAComment() {
		assertThat(Nightscore.run("model", "list").exitCode()).as("migrates the schema").isZero();
		List<String> uncommented = this.jdbc.queryForList("""
				SELECT c.table_name || '.' || c.column_name FROM information_schema.columns c
				JOIN pg_class t ON t.relname = c.table_name AND t.relnamespace = current_schema()::regnamespace
				WHERE c.table_schema = current_schema()
				AND c.table_name IN ('customer_scores', 'customer_score_changes', 'weekly_band_counts')
				AND col_description(t.oid, c.ordinal_position) IS NULL""", String.class);
		List<String> views = this.jdbc.queryForList("""
				SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace
				AND relname IN ('customer_scores', 'customer_score_changes', 'weekly_band_counts')
				AND obj_description(oid, 'pg_class') IS NOT NULL""", String.class);

		assertThat(uncommented).isEmpty();
		assertThat(views).hasSize(3);
	}

	private void publishTwoWeeksAndHoldTheDriftedOne() {
		assertThat(Nightscore
			.run("model", "add", "--model", DriftWeeks.MODEL.toString(), "--version", "churn-v1", "--training-data",
					weeks.training().toString())
			.exitCode()).isZero();
		assertThat(Nightscore.run(DriftWeeks.score(weeks.week1(), "2026-11-08")).exitCode()).isZero();
		assertThat(Nightscore.run(DriftWeeks.score(weeks.week2(), "2026-11-15")).exitCode()).isZero();
		assertThat(Nightscore.run(DriftWeeks.score(weeks.drifted(), "2026-11-22")).exitCode()).isEqualTo(7);
	}

	private static int count(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getInt(1);
		}
	}

	/** Run a file of {@code sql/queries/} as psql would, with {@code n} = 10. */
	private static List<String> query(Connection connection, String file) throws Exception {
		String sql = Files.readAllLines(Path.of("sql/queries", file))
			.stream()
			.filter((line) -> !line.startsWith("\\"))
			.collect(Collectors.joining("\n"))
			.replaceAll("(?<!:):n\\b", "10")
			.replaceAll(";\\s*$", "");
		List<String> rows = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				List<String> row = new ArrayList<>();
				for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
					row.add(String.valueOf(rs.getObject(i)));
				}
				rows.add(String.join(" ", row));
			}
		}
		return rows;
	}

}
