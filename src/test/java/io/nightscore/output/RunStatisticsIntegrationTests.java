package io.nightscore.output;

import java.util.Arrays;
import java.util.Random;

import javax.sql.DataSource;

import io.nightscore.output.PredictionWriter.RowRange;
import io.nightscore.scoring.ScoredBlock;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The statistics the finalize step computes from the scores its partitions committed
 * ({@link CommittedScores}) are those PostgreSQL computes from the run's table: the
 * counts and every quantile to the last bit ({@code percentile_cont}'s interpolation),
 * the mean to the rounding of a sum in another order; for no score, one, and even and odd
 * counts with ties and scores on the bands' edges.
 */
@JobIntegrationTest
class RunStatisticsIntegrationTests {

	private static final long RUN = 11;

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 9_999, 20_000 })
	void fromMemoryAsFromTheTable(int rows) {
		TestDatabase.migrate();
		DataSource dataSource = TestDatabase.dataSource();
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		PredictionTables tables = new PredictionTables(dataSource,
				new LockWaits(dataSource, LockWaits.DEFAULT_TIMEOUT));
		transactions.executeWithoutResult((status) -> tables.create(RUN, "v1"));
		float[] scores = scores(rows);
		Double[] stored = new Double[rows];
		String[] bands = new String[rows];
		for (int i = 0; i < rows; i++) {
			stored[i] = (double) scores[i];
			bands[i] = RiskBand.of(scores[i]).label();
		}
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("""
				INSERT INTO %s (customer_id, score, risk_band, source_file, source_row)
				SELECT 'C' || n, s, b, 0, n FROM unnest(?::float8[], ?::text[]) WITH ORDINALITY AS u(s, b, n)"""
			.formatted(PredictionPartitions.tableName(RUN)), stored, bands);

		RunStatistics table = transactions.execute((status) -> RunStatistics.of(dataSource, RUN));
		// the same scores as two partitions would keep them, in chunks of up to 1,000
		CommittedScores committed = new CommittedScores(true);
		int half = rows / 2;
		keep(committed, new RowRange(0, 0, half), scores);
		keep(committed, new RowRange(0, half, rows), scores);
		RunStatistics memory = committed.statistics(RUN, rows, 0);
		committed.forget(RUN);

		assertThat(memory.scored()).isEqualTo(table.scored()).isEqualTo((long) rows);
		assertThat(memory.bands()).isEqualTo(table.bands());
		assertThat(memory.meanScore()).isCloseTo(table.meanScore(), within(1e-12));
		if (rows == 0) {
			assertThat(memory.quantiles(RunStatistics.QUANTILE_LEVELS)).isNull();
			assertThat(table.quantiles(RunStatistics.QUANTILE_LEVELS)).isNull();
		}
		else {
			assertThat(memory.quantiles(RunStatistics.QUANTILE_LEVELS))
				.containsExactly(table.quantiles(RunStatistics.QUANTILE_LEVELS));
		}
	}

	/** Commit the scores of {@code range}'s rows to {@code committed}, chunk by chunk. */
	private static void keep(CommittedScores committed, RowRange range, float[] scores) {
		CommittedScores.Partition partition = committed.start(RUN, range, true);
		for (long first = range.firstRow(); first < range.endRow(); first += 1_000) {
			int rows = (int) Math.min(1_000, range.endRow() - first);
			String[] ids = new String[rows];
			Arrays.fill(ids, "C");
			ScoredBlock block = new ScoredBlock(0, first + 1, ids,
					Arrays.copyOfRange(scores, (int) first, (int) first + rows), null, null);
			TransactionSynchronizationManager.initSynchronization();
			try {
				partition.add(block);
				TransactionSynchronizationManager.getSynchronizations()
					.forEach(TransactionSynchronization::afterCommit);
			}
			finally {
				TransactionSynchronizationManager.clearSynchronization();
			}
		}
	}

	/**
	 * Scores as the engines give them: floats in (0, 1], some repeated, some exactly on
	 * the bands' edges.
	 */
	private static float[] scores(int rows) {
		Random random = new Random(rows);
		float[] scores = new float[rows];
		for (int i = 0; i < rows; i++) {
			scores[i] = switch (i % 10) {
				case 3 -> RiskBand.HIGH.from();
				case 6 -> RiskBand.MEDIUM.from();
				case 8 -> scores[random.nextInt(i)];
				default -> Math.nextUp(random.nextFloat());
			};
		}
		return scores;
	}

}
