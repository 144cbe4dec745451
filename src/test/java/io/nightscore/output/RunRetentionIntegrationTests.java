package io.nightscore.output;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention drops only its own schema's tables: with a search path of several schemas
 * (PostgreSQL's default {@code "$user", public} is one), a run whose table is not in the
 * deployment's schema never drops another deployment's table of the same name.
 */
@JobIntegrationTest
class RunRetentionIntegrationTests {

	private static final String OTHER = TestDatabase.SCHEMA + "_other";

	@AfterEach
	void dropTheOtherSchema() {
		TestDatabase.jdbc().execute("DROP SCHEMA IF EXISTS " + OTHER + " CASCADE");
	}

	@Test
	void abandoningARunWithoutPredictionsLeavesAnotherSchemasTableOfTheSameNameAlone() {
		TestDatabase.migrate();
		JdbcTemplate jdbc = TestDatabase.jdbc();
		jdbc.execute("CREATE SCHEMA " + OTHER);
		jdbc.execute("CREATE TABLE " + OTHER + ".prediction_run_1 AS SELECT 'C1'::text AS customer_id");
		DriverManagerDataSource searchingBoth = (DriverManagerDataSource) TestDatabase.dataSource();
		searchingBoth.setUrl(TestDatabase.url() + "," + OTHER);

		new RunRetention(searchingBoth).abandon(1);

		assertThat(jdbc.queryForObject("SELECT count(*) FROM " + OTHER + ".prediction_run_1", Long.class))
			.as("the other schema's table")
			.isEqualTo(1);
	}

}
