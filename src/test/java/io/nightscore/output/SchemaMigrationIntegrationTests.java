package io.nightscore.output;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

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
			.contains(MigrationVersion.fromVersion("1"), MigrationVersion.fromVersion("11"));
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
