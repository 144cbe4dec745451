package io.nightscore.scoring.compiled;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up warm-up's made-up model is one the compiled engine takes as it takes a
 * run's, and its splits send rows both ways: it exercises the descent a run's model
 * needs.
 */
class CompiledWarmUpTests {

	private static final List<String> FEATURES = List.of("a", "b", "c", "d");

	@Test
	void theCompiledEngineTakesTheModelAndItsScoresSpreadOverTheRows() {
		float[] rows = rows(2000);
		assertThat(CompiledSupport.whyNot(CompiledWarmUp.forest(FEATURES, rows), Long.MAX_VALUE)).isNull();

		try (ScoringModel model = CompiledWarmUp.model(FEATURES, rows); Scorer scorer = model.newScorer()) {
			float[] scores = scorer.score(rows, 2000);

			assertThat(model.engine().name()).isEqualTo(CompiledEngine.NAME);
			assertThat(scores).hasSize(2000);
			List<Float> all = IntStream.range(0, scores.length).mapToObj((i) -> scores[i]).toList();
			assertThat(all).allSatisfy((score) -> assertThat(score).isStrictlyBetween(0f, 1f));
			// every row landing in the same leaves would give one score
			assertThat(all.stream().distinct().count()).isGreaterThan(500);
		}
	}

	@Test
	void itExplainsNothing() {
		try (ScoringModel model = CompiledWarmUp.model(FEATURES, rows(10))) {
			assertThatThrownBy(model::newExplainer).isInstanceOf(UnsupportedOperationException.class)
				.hasMessageContaining("warm-up");
		}
	}

	/** Row-major rows of uniform values, one in 20 missing. */
	private static float[] rows(int count) {
		SplittableRandom random = new SplittableRandom(3);
		float[] rows = new float[count * FEATURES.size()];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = (random.nextInt(20) == 0) ? Float.NaN : (float) random.nextDouble();
		}
		return rows;
	}

}
