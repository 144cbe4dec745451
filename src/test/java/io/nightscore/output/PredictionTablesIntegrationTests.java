package io.nightscore.output;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run's table fills in what the COPY leaves out: the run id, the model version, and
 * when the chunk was scored (its transaction's start), for a table created now and for
 * one an earlier version created without those defaults.
 */
@JobIntegrationTest
class PredictionTablesIntegrationTests {

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	private PredictionTables tables;

	private TransactionTemplate transactions;

	@BeforeEach
	void migrate() {
		TestDatabase.migrate();
		this.dataSource = TestDatabase.dataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.tables = new PredictionTables(this.dataSource, new LockWaits(this.dataSource, LockWaits.DEFAULT_TIMEOUT));
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

	/** Create the run's table in a transaction, as the prepare step does. */
	private void create(long runId, String modelVersion) {
		this.transactions.executeWithoutResult((status) -> this.tables.create(runId, modelVersion));
	}

	@Test
	void aChunksRowsGetTheRunTheModelVersionAndTheirTransactionsTime() {
		String version = "churn'); DROP TABLE prediction; --";
		create(7, version);

		Timestamp transactionStart = copyTwoRows(7);

		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"SELECT run_id, customer_id, model_version, scored_at FROM prediction_run_7 ORDER BY customer_id");
		assertThat(rows).extracting((row) -> row.get("customer_id")).containsExactly("C1", "C2");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.get("run_id")).isEqualTo(7L);
			assertThat(row.get("model_version")).isEqualTo(version);
			assertThat(row.get("scored_at")).isEqualTo(transactionStart);
		});
		assertThat(this.jdbc.queryForObject("SELECT to_regclass('prediction') IS NOT NULL", Boolean.class)).isTrue();
	}

	@Test
	void aTableCreatedWithoutTheDefaultsGetsThemAndCreatingAgainChangesNothing() {
		this.jdbc.execute("CREATE TABLE prediction_run_8 (LIKE prediction INCLUDING DEFAULTS, "
				+ "CONSTRAINT prediction_run_8_run CHECK (run_id = 8))");
		this.jdbc.execute("ALTER TABLE prediction ATTACH PARTITION prediction_run_8 FOR VALUES IN (8)");

		create(8, "v2");
		create(8, "v2");
		Timestamp transactionStart = copyTwoRows(8);

		assertThat(this.jdbc.queryForList("SELECT run_id, model_version, scored_at FROM prediction WHERE run_id = 8"))
			.hasSize(2)
			.allSatisfy((row) -> assertThat(row).containsEntry("run_id", 8L)
				.containsEntry("model_version", "v2")
				.containsEntry("scored_at", transactionStart));
	}

	/** COPY two predictions in one transaction. @return that transaction's start */
	private Timestamp copyTwoRows(long runId) {
		PredictionCopyEncoder encoder = new PredictionCopyEncoder();
		encoder.begin();
		encoder.add("C1", 0.9f, 0, 1);
		encoder.add("C2", 0.2f, 0, 2);
		encoder.finish();
		PredictionPartitions partitions = new PredictionPartitions(this.dataSource);
		return this.transactions.execute((status) -> {
			partitions.copy(runId, encoder);
			return this.jdbc.queryForObject("SELECT now()", Timestamp.class);
		});
	}

}
