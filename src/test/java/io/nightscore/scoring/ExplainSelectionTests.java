package io.nightscore.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExplainSelectionTests {

	@Test
	void fromAScoreEveryRowAtOrAboveItIsExplained() {
		ExplainSelection high = ExplainSelection.fromScore(0.7f, 0);

		assertThat(high.explained(new float[] { 0.2f, 0.7f, 0.95f, 0.69999f }, 4)).containsExactly(false, true, true,
				false);
	}

	@Test
	void aTopFractionExplainsExactlyThatShareOfTheBlockRiskiestFirst() {
		ExplainSelection top = ExplainSelection.topFraction(0.25, 0);
		float[] scores = { 0.1f, 0.9f, 0.5f, 0.9f, 0.3f, 0.8f, 0.2f, 0.4f };

		assertThat(top.explained(scores, 8)).containsExactly(false, true, false, true, false, false, false, false);
		assertThat(ExplainSelection.topFraction(0.3, 0).explained(scores, 8)).containsExactly(false, true, false, true,
				false, true, false, false);
	}

	@Test
	void tiesAtTheThresholdAreCutToTheWantedCount() {
		assertThat(ExplainSelection.topFraction(0.5, 0).explained(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, 4))
			.containsExactly(true, true, false, false);
	}

	@Test
	void theSampleTakesEveryStrideThRowNumber() {
		long stride = ExplainSelection.strideFor(1_000_000, 2_000);
		ExplainSelection selection = ExplainSelection.fromScore(0.7f, stride);

		assertThat(stride).isEqualTo(500);
		assertThat(selection.sampled(500)).isTrue();
		assertThat(selection.sampled(501)).isFalse();
		assertThat(ExplainSelection.strideFor(10, 2_000)).isEqualTo(1);
		assertThat(ExplainSelection.fromScore(0.7f, 0).sampled(500)).isFalse();
	}

	@Test
	void eitherAScoreOrAFractionIsGiven() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ExplainSelection(0.7f, 0.1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> ExplainSelection.topFraction(1.5, 0));
		assertThat(ExplainSelection.topFraction(0, 0).explained(new float[] { 0.99f }, 1)).containsExactly(false);
	}

}
