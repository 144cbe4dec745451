package io.nightscore.sampledata;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link HoldoutMetrics}.
 */
class HoldoutMetricsTests {

	@Test
	void aucIsOneForAPerfectRankingAndHalfForTies() {
		float[] labels = { 0, 0, 1, 1 };
		assertThat(HoldoutMetrics.of(new float[] { 0.1f, 0.2f, 0.8f, 0.9f }, labels).auc()).isEqualTo(1.0);
		assertThat(HoldoutMetrics.of(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, labels).auc()).isEqualTo(0.5);
		assertThat(HoldoutMetrics.of(new float[] { 0.1f, 0.9f, 0.2f, 0.8f }, labels).auc()).isEqualTo(0.5);
	}

	@Test
	void logLossIsTheMeanNegativeLogLikelihood() {
		HoldoutMetrics metrics = HoldoutMetrics.of(new float[] { 0.5f, 0.5f }, new float[] { 0, 1 });
		assertThat(metrics.logLoss()).isCloseTo(Math.log(2), within(1e-9));
		assertThat(metrics.rows()).isEqualTo(2);
	}

	@Test
	void aucIsNaNWhenOnlyOneClassOccurs() {
		assertThat(HoldoutMetrics.of(new float[] { 0.1f, 0.2f }, new float[] { 1, 1 }).auc()).isNaN();
	}

}
