package io.nightscore.scoring;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonCodesTests {

	private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

	@Test
	void theReasonsAreTheThreeLargestPositiveContributionsLargestFirst() {
		float[] contributions = { 0.1f, 0.5f, -2f, 0.3f, 0.4f, /* bias */ 9f };
		float[] features = { 1, 2, 3, 4, Float.NaN };

		ReasonCodes reasons = ReasonCodes.top(contributions, features, 0, NAMES);

		assertThat(reasons.features()).containsExactly("b", "e", "d");
		assertThat(reasons.contributions()).containsExactly(0.5f, 0.4f, 0.3f);
		assertThat(reasons.values()).containsExactly(2f, Float.NaN, 4f);
	}

	@Test
	void featuresThatPushTheScoreDownAreNeverReasons() {
		float[] contributions = { -0.1f, 0.2f, -0.5f, 0f, -0.3f, 1f };

		ReasonCodes reasons = ReasonCodes.top(contributions, new float[5], 0, NAMES);

		assertThat(reasons.features()).containsExactly("b");
		assertThat(reasons.count()).isEqualTo(1);
	}

	@Test
	void theRowIsFoundInARowMajorMatrixAndTiesKeepFeatureOrder() {
		float[] contributions = { 9, 9, 9, 9, 9, 9, /* row 1 */ 0.2f, 0.7f, 0.2f, 0.2f, 0.1f, 0f };
		float[] features = { 0, 0, 0, 0, 0, /* row 1 */ 10, 11, 12, 13, 14 };

		ReasonCodes reasons = ReasonCodes.top(contributions, features, 1, NAMES);

		assertThat(reasons.features()).containsExactly("b", "a", "c");
		assertThat(reasons.values()).containsExactly(11f, 10f, 12f);
	}

}
