package io.nightscore.output;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.nightscore.sampledata.ChurnDataGenerator;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.ReferenceScores;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reason codes end to end: the score step explains the high band (or the riskiest
 * fraction) with exact SHAP values, stores the top three positive contributions beside
 * the predictions, shows them in {@code customer_reasons}, and keeps a SHAP sample whose
 * mean |SHAP| per feature is the run's global importance.
 */
@JobIntegrationTest
class ExplanationIntegrationTests {

	@TempDir
	Path dir;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@Test
	void everyHighBandCustomerGetsItsThreeLargestPositiveShapContributionsAsReasons() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("in"), 3_000, 2, 17);
		Map<String, float[][]> reference = ReferenceScores.contributions(ChurnInputs.MODEL,
				ChurnDataGenerator.ID_COLUMN, input.files());

		Result result = Nightscore.run(input.score("--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads",
				"2", "--shap-sample", "300"));

		assertThat(result.exitCode()).as(result.toString()).isZero();
		String[] features = featureNames();
		long high = this.jdbc.queryForObject("SELECT count(*) FROM customer_scores WHERE risk_band = 'high'",
				Long.class);
		assertThat(high).isGreaterThan(50);
		assertThat(this.jdbc
			.queryForObject("SELECT count(*) FROM customer_scores s LEFT JOIN customer_reasons r USING (customer_id)"
					+ " WHERE (s.risk_band = 'high') <> (r.customer_id IS NOT NULL)", Long.class))
			.as("reasons for the high band, and only for it")
			.isZero();
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM customer_reasons");
		assertThat(rows).hasSize((int) high);
		for (Map<String, Object> row : rows) {
			String id = (String) row.get("customer_id");
			float[][] expected = reference.get(id);
			float[] contributions = expected[1];
			double sum = 0;
			for (float contribution : contributions) {
				sum += contribution;
			}
			double score = ((Number) row.get("score")).doubleValue();
			assertThat(sum).as("contributions + bias = margin of %s", id)
				.isCloseTo(Math.log(score / (1 - score)), within(1e-4));
			Integer[] order = topPositive(contributions, features.length);
			for (int k = 0; k < 3; k++) {
				String column = "reason_" + (k + 1);
				if (k < order.length) {
					int feature = order[k];
					assertThat(row.get(column)).as("%s of %s", column, id).isEqualTo(features[feature]);
					assertThat(((Number) row.get(column + "_contribution")).floatValue())
						.isCloseTo(contributions[feature], within(1e-5f));
					float value = expected[0][feature];
					if (Float.isNaN(value)) {
						assertThat(row.get(column + "_value")).isNull();
					}
					else {
						assertThat(((Number) row.get(column + "_value")).floatValue()).isEqualTo(value);
					}
				}
				else {
					assertThat(row.get(column)).isNull();
				}
			}
		}
	}

	@Test
	void theRunKeepsASampleOfShapValuesWhoseMeanAbsoluteValuesAreItsFeatureImportances() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("in"), 2_000, 2, 5);
		Map<String, float[][]> reference = ReferenceScores.contributions(ChurnInputs.MODEL,
				ChurnDataGenerator.ID_COLUMN, input.files());

		Result result = Nightscore.run(input.score("--scoring-date", "2026-11-22", "--chunk-size", "300",
				"--shap-sample", "100", "--explain-top", "0"));

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction_reason", Long.class))
			.as("--explain-top 0: no reasons")
			.isZero();
		long sampled = this.jdbc.queryForObject("SELECT count(*) FROM shap_sample", Long.class);
		assertThat(sampled).isEqualTo(100);
		String[] features = featureNames();
		List<String> ids = this.jdbc.queryForList(
				"SELECT p.customer_id FROM shap_sample s JOIN prediction p USING (run_id, source_file, source_row)",
				String.class);
		assertThat(ids).hasSize(100);
		double[] expected = new double[features.length];
		for (String id : ids) {
			float[] contributions = reference.get(id)[1];
			for (int f = 0; f < features.length; f++) {
				expected[f] += Math.abs(contributions[f]) / ids.size();
			}
		}
		List<Map<String, Object>> importances = this.jdbc.queryForList(
				"SELECT feature, mean_abs_shap, sample_rows FROM run_feature_importance ORDER BY feature_index");
		assertThat(importances).hasSize(features.length);
		for (int f = 0; f < features.length; f++) {
			assertThat(importances.get(f)).containsEntry("feature", features[f]).containsEntry("sample_rows", 100L);
			assertThat((Double) importances.get(f).get("mean_abs_shap")).isCloseTo(expected[f], within(1e-5));
		}
	}

	@Test
	void aTopFractionExplainsThatShareOfEachChunkRiskiestFirst() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("in"), 2_000, 1, 9);

		Result result = Nightscore.run(input.score("--scoring-date", "2026-11-22", "--chunk-size", "500", "--threads",
				"1", "--explain-top", "0.05", "--shap-sample", "0"));

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_reasons", Long.class)).isEqualTo(100);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM shap_sample", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("""
				SELECT min(s.score) >= (SELECT percentile_disc(0.8) WITHIN GROUP (ORDER BY score) FROM customer_scores)
				FROM customer_reasons s""", Boolean.class)).as("the explained are among the riskiest").isTrue();
	}

	@Test
	void aDuplicateCustomerRejectedAfterScoringKeepsNeitherReasonsNorSampledShapValues() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("in"), 1_000, 1, 4);
		new ChurnDataGenerator(4).writeParquetFile(this.dir.resolve("in/zz-resent.parquet"), 0, 10,
				ChurnDataGenerator.ONE_ROW_GROUP_SIZE);

		Result result = Nightscore.run(input.score("--scoring-date", "2026-11-22", "--explain-top", "1",
				"--shap-sample", "5000", "--max-reject-rate", "0.05"));

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_reject", Long.class)).isEqualTo(20);
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM prediction_reason x
				WHERE NOT EXISTS (SELECT 1 FROM prediction p WHERE p.run_id = x.run_id
				                  AND p.source_file = x.source_file AND p.source_row = x.source_row)""", Long.class))
			.as("reasons of rejected rows")
			.isZero();
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM shap_sample s
				WHERE NOT EXISTS (SELECT 1 FROM prediction p WHERE p.run_id = s.run_id
				                  AND p.source_file = s.source_file AND p.source_row = s.source_row)""", Long.class))
			.as("sampled SHAP values of rejected rows")
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction_reason", Long.class))
			.as("what the report counts as customers with reasons")
			.isEqualTo(this.jdbc.queryForObject("SELECT count(*) FROM customer_reasons", Long.class))
			.isGreaterThan(900);
	}

	@Test
	void theReaderRoleCanReadCustomerReasons() throws Exception {
		ChurnInputs input = ChurnInputs.generate(this.dir.resolve("in"), 1_000, 1, 3);
		assertThat(Nightscore.run(input.score("--scoring-date", "2026-11-22")).exitCode()).isZero();

		long asReader = this.jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Long>) (connection) -> {
			try (var statement = connection.createStatement()) {
				statement.execute("SET ROLE nightscore_reader");
				try (var rows = statement.executeQuery("SELECT count(*) FROM customer_reasons")) {
					rows.next();
					return rows.getLong(1);
				}
				finally {
					statement.execute("RESET ROLE");
				}
			}
		});

		assertThat(asReader)
			.isEqualTo(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores WHERE risk_band = 'high'",
					Long.class))
			.isPositive();
	}

	private String[] featureNames() {
		return this.jdbc.queryForObject("SELECT feature_names FROM model_version",
				(rs, n) -> (String[]) rs.getArray(1).getArray());
	}

	private static Integer[] topPositive(float[] contributions, int features) {
		return java.util.stream.IntStream.range(0, features)
			.filter((f) -> contributions[f] > 0)
			.boxed()
			.sorted((a, b) -> (contributions[a] != contributions[b]) ? Float.compare(contributions[b], contributions[a])
					: Integer.compare(a, b))
			.limit(3)
			.toArray(Integer[]::new);
	}

}
