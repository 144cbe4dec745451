package io.nightscore.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What the test schema holds of a run's predictions, and the exactly-once assertion every
 * recovery test ends with.
 */
public final class Predictions {

	private static final JdbcTemplate jdbc = TestDatabase.jdbc();

	private Predictions() {
	}

	/** The committed predictions of every run; 0 before the schema is migrated. */
	public static long committed() {
		try {
			return jdbc.queryForObject("SELECT count(*) FROM prediction", Long.class);
		}
		catch (DataAccessException notMigratedYet) {
			return 0;
		}
	}

	/**
	 * Assert that {@code customer_scores} shows run {@code runId}, with exactly one
	 * prediction per expected customer, each with the expected score, and nothing else.
	 */
	public static void assertPublishedExactlyOnce(long runId, Map<String, Float> expected) {
		assertThat(jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class)).as("the published run")
			.containsExactly(runId);
		assertThat(jdbc.queryForObject("SELECT count(*) - count(DISTINCT customer_id) FROM prediction WHERE run_id = ?",
				Long.class, runId))
			.as("customers predicted more than once")
			.isZero();
		Map<String, Double> scores = new HashMap<>();
		jdbc.query("SELECT customer_id, score FROM prediction WHERE run_id = ?",
				(RowCallbackHandler) (rs) -> scores.put(rs.getString(1), rs.getDouble(2)), runId);
		assertThat(scores.keySet()).as("customers predicted").isEqualTo(expected.keySet());
		expected.forEach((id, score) -> assertThat(scores.get(id)).as(id).isCloseTo(score, within(1e-6)));
	}

	/**
	 * Assert that the score histogram, quantiles and statistics the publish step stored
	 * for run {@code runId} are what its predictions give: the bins by
	 * {@code width_bucket} over the stored edges, the quantiles by
	 * {@code percentile_cont}, whether the partitions counted them while scoring or the
	 * publish step binned them.
	 */
	public static void assertStoredScoreDistributionMatches(long runId) {
		Double[] edges = (Double[]) jdbc.queryForObject(
				"SELECT edges FROM run_histogram WHERE run_id = ? AND subject = 'score'",
				(rs, n) -> rs.getArray(1).getArray(), runId);
		long[] recounted = new long[edges.length + 1];
		jdbc.query("SELECT width_bucket(score, ?::float8[]), count(*) FROM prediction WHERE run_id = ? GROUP BY 1",
				(RowCallbackHandler) (rs) -> recounted[rs.getInt(1)] = rs.getLong(2),
				"{" + String.join(",", java.util.Arrays.stream(edges).map(String::valueOf).toList()) + "}", runId);
		Long[] stored = (Long[]) jdbc.queryForObject(
				"SELECT counts FROM run_histogram WHERE run_id = ? AND subject = 'score'",
				(rs, n) -> rs.getArray(1).getArray(), runId);
		assertThat(stored).as("stored score histogram of run " + runId)
			.containsExactly(java.util.Arrays.stream(recounted).boxed().toArray(Long[]::new));
		assertThat(jdbc.queryForObject("""
				SELECT h.quantiles = (SELECT percentile_cont(ARRAY[0.05, 0.25, 0.5, 0.75, 0.95])
				                      WITHIN GROUP (ORDER BY score) FROM prediction WHERE run_id = h.run_id)
				FROM run_histogram h WHERE h.run_id = ? AND h.subject = 'score'""", Boolean.class, runId))
			.as("stored score quantiles of run " + runId)
			.isTrue();
		// every quantile to the last bit, the bands exactly, the mean to a sum's
		// rounding:
		// whether the finalize step counted the scores in memory or in the table
		Map<String, Object> recorded = jdbc.queryForMap("""
				SELECT ARRAY(SELECT (r.statistics -> 'score_quantiles' ->> l::text)::float8
				             FROM unnest(ARRAY[0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]::float8[]) l) AS quantiles,
				       (r.statistics ->> 'mean_score')::float8 AS mean,
				       (r.statistics -> 'risk_bands')::text AS bands
				FROM scoring_run r WHERE r.run_id = ?""", runId);
		Map<String, Object> recomputed = jdbc.queryForMap("""
				SELECT percentile_cont(ARRAY[0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]::float8[])
				         WITHIN GROUP (ORDER BY score) AS quantiles,
				       avg(score) AS mean,
				       jsonb_build_object('low', count(*) FILTER (WHERE risk_band = 'low'),
				         'high', count(*) FILTER (WHERE risk_band = 'high'),
				         'medium', count(*) FILTER (WHERE risk_band = 'medium'))::text AS bands
				FROM prediction WHERE run_id = ?""", runId);
		assertThat(doubles(recorded.get("quantiles"))).as("quantiles in scoring_run.statistics of run " + runId)
			.containsExactly(doubles(recomputed.get("quantiles")));
		assertThat((Double) recorded.get("mean")).as("mean score of run " + runId)
			.isCloseTo((Double) recomputed.get("mean"), within(1e-12));
		assertThat(recorded.get("bands")).as("risk bands of run " + runId).isEqualTo(recomputed.get("bands"));
	}

	private static Double[] doubles(Object sqlArray) {
		try {
			return (Double[]) ((java.sql.Array) sqlArray).getArray();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The run id of the only run of the test schema. */
	public static long onlyRun() {
		return jdbc.queryForObject("SELECT run_id FROM scoring_run", Long.class);
	}

}
