package io.nightscore.output;

import java.util.List;
import java.util.Map;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@JobIntegrationTest
class SchemaMigrationIntegrationTests {

	private final FlywayMigrationStrategy strategy = new SchemaMigration().migrateUnlessCurrent();

	@Test
	void aNewSchemaIsMigratedByFlyway() {
		this.strategy.migrate(flyway());

		assertThat(
				TestDatabase.jdbc()
					.queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?"
							+ " AND table_name = 'batch_job_instance'", Integer.class, TestDatabase.SCHEMA))
			.isEqualTo(1);
		assertThat(SchemaMigration.appliedVersions(flyway().getConfiguration()))
			.isEqualTo(SchemaMigration.shippedVersions(flyway().getConfiguration()))
			.contains(MigrationVersion.fromVersion("1"), MigrationVersion.fromVersion("12"));
	}

	@Test
	void aCurrentSchemaIsLeftAloneWithoutFlywayValidatingIt() {
		TestDatabase.migrate();
		// a checksum Flyway's validation would refuse: only a skipped Flyway passes
		TestDatabase.jdbc().update("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '1'");

		this.strategy.migrate(flyway());

		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> flyway().migrate());
	}

	@Test
	void aSchemaFlywayCreatedItselfIsCurrentToo() {
		TestDatabase.jdbc().execute("DROP SCHEMA " + TestDatabase.SCHEMA + " CASCADE");
		flyway().migrate();
		assertThat(TestDatabase.jdbc()
			.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE type = 'SCHEMA'", Integer.class))
			.as("Flyway's marker of the schema it created")
			.isEqualTo(1);
		// a checksum Flyway's validation would refuse: only a skipped Flyway passes
		TestDatabase.jdbc().update("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '1'");

		this.strategy.migrate(flyway());

		assertThat(SchemaMigration.appliedVersions(flyway().getConfiguration()))
			.isEqualTo(SchemaMigration.shippedVersions(flyway().getConfiguration()));
		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> flyway().migrate());
	}

	@Test
	void aSchemaWithAFailedMigrationIsHandedToFlyway() {
		TestDatabase.migrate();
		TestDatabase.jdbc().update("UPDATE flyway_schema_history SET success = false WHERE version = '11'");

		assertThat(SchemaMigration.appliedVersions(flyway().getConfiguration())).isNull();
		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> this.strategy.migrate(flyway()))
			.withMessageContaining("failed");
	}

	/**
	 * Customer ids in byte order (V12) on a schema with history: the columns change in
	 * every run's table, attached or not, and every view over them (a DBA's too, and
	 * views over those) comes back exactly as it was, with its options, comments and
	 * grants.
	 */
	@Test
	void customerIdsTakeByteOrderAndTheViewsKeepTheirDefinitionsCommentsAndGrants() {
		Flyway.configure().configuration(flyway().getConfiguration()).target("11").load().migrate();
		JdbcTemplate jdbc = TestDatabase.jdbc();
		jdbc.execute("CREATE TABLE prediction_run_5 (LIKE prediction INCLUDING DEFAULTS)");
		jdbc.execute("ALTER TABLE prediction ATTACH PARTITION prediction_run_5 FOR VALUES IN (5)");
		jdbc.execute("INSERT INTO prediction_run_5 VALUES (5, 'b', 0.5, 'medium', 'v1', now(), 0, 1),"
				+ " (5, 'a', 0.9, 'high', 'v1', now(), 0, 2)");
		jdbc.execute("CREATE UNIQUE INDEX prediction_run_5_customer_uq ON prediction_run_5 (customer_id)");
		// a run whose prepare step stopped between creating its table and attaching it
		jdbc.execute("CREATE TABLE prediction_run_6 (LIKE prediction INCLUDING DEFAULTS)");
		jdbc.execute("GRANT SELECT ON customer_reasons TO PUBLIC");
		// a DBA's views: over nightscore's view, and over a table with an option
		jdbc.execute("CREATE VIEW marketing_calls AS SELECT customer_id, score FROM customer_scores"
				+ " WHERE risk_band = 'high'");
		jdbc.execute("COMMENT ON VIEW marketing_calls IS 'Who we call on Monday'");
		jdbc.execute("CREATE VIEW rejected_ids WITH (security_barrier) AS SELECT DISTINCT customer_id"
				+ " FROM scoring_reject");
		List<Map<String, Object>> viewsBefore = views(jdbc);

		// V12 alone: later migrations change views of their own accord
		Flyway.configure().configuration(flyway().getConfiguration()).target("12").load().migrate();

		assertThat(jdbc.queryForList("""
				SELECT c.relname || '.' || a.attname || ' ' || coalesce(l.collname, '-')
				FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
				LEFT JOIN pg_collation l ON l.oid = a.attcollation
				WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
					AND a.attname = 'customer_id' ORDER BY 1""", String.class)).containsExactly(
				"prediction.customer_id C", "prediction_reason.customer_id C", "prediction_run_5.customer_id C",
				"prediction_run_6.customer_id C", "scoring_reject.customer_id C");
		assertThat(views(jdbc)).isEqualTo(viewsBefore).hasSize(8);
		jdbc.execute("ALTER TABLE prediction ATTACH PARTITION prediction_run_6 FOR VALUES IN (6)");
		assertThat(jdbc.queryForList("SELECT customer_id FROM prediction WHERE run_id = 5 ORDER BY customer_id",
				String.class))
			.containsExactly("a", "b");
		assertThatExceptionOfType(DuplicateKeyException.class).as("the rebuilt unique index")
			.isThrownBy(
					() -> jdbc.execute("INSERT INTO prediction_run_5 VALUES (5, 'a', 0.1, 'low', 'v1', now(), 0, 3)"));
	}

	/**
	 * Every view of the schema, each with its definition, options, owner, comments (its
	 * own and its columns') and grants.
	 */
	private static List<Map<String, Object>> views(JdbcTemplate jdbc) {
		return jdbc.queryForList(
				"""
						SELECT c.relname, pg_get_viewdef(c.oid) AS definition, obj_description(c.oid, 'pg_class') AS comment,
						       c.relacl::text AS grants, c.reloptions::text AS options, pg_get_userbyid(c.relowner) AS owner,
						       (SELECT string_agg(a.attname || ': ' || col_description(c.oid, a.attnum), E'\n' ORDER BY a.attnum)
						        FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0) AS column_comments
						FROM pg_class c
						WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'v'
						ORDER BY c.relname""");
	}

	private static Flyway flyway() {
		return Flyway.configure()
			.dataSource(TestDatabase.url(), System.getenv().getOrDefault("PGUSER", "postgres"),
					System.getenv().getOrDefault("PGPASSWORD", ""))
			.schemas(TestDatabase.SCHEMA)
			.defaultSchema(TestDatabase.SCHEMA)
			.locations("classpath:db/migration")
			.load();
	}

}
