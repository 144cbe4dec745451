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

	/** The run id of the only run of the test schema. */
	public static long onlyRun() {
		return jdbc.queryForObject("SELECT run_id FROM scoring_run", Long.class);
	}

}
