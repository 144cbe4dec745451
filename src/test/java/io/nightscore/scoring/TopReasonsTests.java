package io.nightscore.scoring;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopReasonsTests {

	private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

	@Test
	void theReasonsAreTheThreeLargestPositiveContributionsLargestFirst() {
		float[] contributions = { 0.1f, 0.5f, -2f, 0.3f, 0.4f, /* bias */ 9f };
		float[] features = { 1, 2, 3, 4, Float.NaN };

		ScoreReason[] reasons = TopReasons.of(contributions, features, 0, NAMES);

		assertThat(reasons).containsExactly(new ScoreReason("b", 2f, 0.5f), new ScoreReason("e", Float.NaN, 0.4f),
				new ScoreReason("d", 4f, 0.3f));
	}

	@Test
	void featuresThatPushTheScoreDownAreNeverReasons() {
		float[] contributions = { -0.1f, 0.2f, -0.5f, 0f, -0.3f, 1f };

		ScoreReason[] reasons = TopReasons.of(contributions, new float[5], 0, NAMES);

		assertThat(reasons).extracting(ScoreReason::feature).containsExactly("b");
	}

	@Test
	void theRowIsFoundInARowMajorMatrixAndTiesKeepFeatureOrder() {
		float[] contributions = { 9, 9, 9, 9, 9, 9, /* row 1 */ 0.2f, 0.7f, 0.2f, 0.2f, 0.1f, 0f };
		float[] features = { 0, 0, 0, 0, 0, /* row 1 */ 10, 11, 12, 13, 14 };

		ScoreReason[] reasons = TopReasons.of(contributions, features, 1, NAMES);

		assertThat(reasons).extracting(ScoreReason::feature).containsExactly("b", "a", "c");
		assertThat(reasons).extracting(ScoreReason::value).containsExactly(11f, 10f, 12f);
	}

}
