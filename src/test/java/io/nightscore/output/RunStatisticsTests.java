package io.nightscore.output;

import io.nightscore.monitoring.Histogram;
import io.nightscore.output.RunHistoryRepository.ScoreDistribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RunStatisticsTests {

	/** One scan computes the quantiles every reader needs, each once, ascending. */
	@Test
	void theQuantileLevelsServeTheChecksAndTheClosingLine() {
		assertThat(RunStatistics.QUANTILE_LEVELS).containsExactly(0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99);
	}

	@Test
	void quantilesAreLookedUpByLevelAndAnUncomputedLevelIsAProgrammingError() {
		RunStatistics statistics = statistics();

		assertThat(statistics.quantiles(Histogram.QUANTILE_PROBABILITIES)).containsExactly(0.05, 0.25, 0.5, 0.75, 0.95);
		assertThat(statistics.quantiles(ScoreDistribution.LEVELS)).containsExactly(0.1, 0.5, 0.9, 0.99);
		assertThatIllegalArgumentException().isThrownBy(() -> statistics.quantiles(new double[] { 0.3 }))
			.withMessageContaining("No quantile at 0.3");
	}

	@Test
	void theRecordedStatisticsGiveTheClosingLinesDistributionWithoutAScan() {
		ScoreDistribution distribution = RunStatistics.distributionFromJson(statistics().toJson());

		assertThat(distribution.quantiles()).containsExactly(0.1, 0.5, 0.9, 0.99);
		assertThat(distribution.high()).isEqualTo(3);
		assertThat(distribution.medium()).isEqualTo(2);
		assertThat(distribution.low()).isEqualTo(5);
	}

	@Test
	void runsWithoutRecordedQuantilesHaveNoDistributionInTheirStatistics() {
		RunStatistics empty = new RunStatistics(0, 4, 0, 0, 0, 0, null);

		assertThat(RunStatistics.distributionFromJson(empty.toJson())).isNull();
		assertThat(RunStatistics.distributionFromJson(
				"{\"mean_score\": 0.4, \"risk_bands\": {\"high\": 1, \"medium\": 0, \"low\": 0}, \"reject_rate\": 0}"))
			.as("published before the quantiles were recorded")
			.isNull();
		assertThat(empty.quantiles(ScoreDistribution.LEVELS)).isNull();
	}

	/**
	 * What the finalize step hands the publish step comes back exactly: every double to
	 * the last bit, no quantiles as none.
	 */
	@Test
	void encodedStatisticsDecodeExactly() {
		double[] quantiles = { 0.1 / 3, 0.2, Math.nextUp(0.3), 0.4, 0.5, 0.6, 0.7, Double.MIN_VALUE };
		RunStatistics statistics = new RunStatistics(1_000_000, 7, 1.0 / 3, 206_374, 253_797, 539_829, quantiles);

		RunStatistics decoded = RunStatistics.decode(statistics.encode());

		assertThat(decoded).usingRecursiveComparison().isEqualTo(statistics);
		RunStatistics empty = new RunStatistics(0, 4, 0, 0, 0, 0, null);
		assertThat(RunStatistics.decode(empty.encode())).usingRecursiveComparison().isEqualTo(empty);
	}

	/**
	 * Statistics encoded with other quantile levels (another version's) are not taken:
	 * the publish step computes its own.
	 */
	@Test
	void statisticsWithOtherQuantileLevelsDoNotDecode() {
		assertThat(RunStatistics.decode("10 1 0.45 3 2 5 0.1 0.5 0.9")).isNull();
	}

	/** Each quantile equal to its level, so that a lookup shows which one it took. */
	private static RunStatistics statistics() {
		return new RunStatistics(10, 1, 0.45, 3, 2, 5, RunStatistics.QUANTILE_LEVELS.clone());
	}

}
