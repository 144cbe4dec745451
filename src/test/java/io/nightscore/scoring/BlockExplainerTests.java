package io.nightscore.scoring;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockExplainerTests {

	private static final List<String> NAMES = List.of("a", "b");

	@Test
	void onlyHighRowsAndSampleRowsReachTheExplainerInOneCall() {
		RecordingExplainer explainer = new RecordingExplainer();
		BlockExplainer block = new BlockExplainer(explainer, ExplainSelection.fromScore(0.7f, 3), NAMES);
		float[] features = { 1, 10, 2, 20, 3, 30, 4, 40 };
		float[] scores = { 0.9f, 0.1f, 0.2f, 0.8f };
		long[] rowNumbers = { 1, 2, 3, 4 };

		BlockExplanation explanation = block.explain(features, scores, rowNumbers, 4);

		assertThat(explainer.calls).hasSize(1);
		assertThat(explainer.calls.get(0)).containsExactly(1, 10, 3, 30, 4, 40);
		assertThat(explanation.reasons(0)).containsExactly(new ScoreReason("b", 10f, 10f),
				new ScoreReason("a", 1f, 1f));
		assertThat(explanation.reasons(1)).isNull();
		assertThat(explanation.reasons(2)).as("sampled, not high: no reasons").isNull();
		assertThat(explanation.reasons(3)).extracting(ScoreReason::feature).containsExactly("b", "a");
		assertThat(explanation.sample().rows()).containsExactly(2);
		assertThat(explanation.sample().contributions(0)).containsExactly(3, 30, -1);
		assertThat(block.explainedRows()).isEqualTo(3);
	}

	@Test
	void aBlockWithNothingToExplainNeverCallsTheExplainer() {
		RecordingExplainer explainer = new RecordingExplainer();
		BlockExplainer block = new BlockExplainer(explainer, ExplainSelection.fromScore(0.7f, 0), NAMES);

		BlockExplanation explanation = block.explain(new float[] { 1, 2 }, new float[] { 0.3f }, new long[] { 1 }, 1);

		assertThat(explainer.calls).isEmpty();
		assertThat(explanation.reasons(0)).isNull();
		assertThat(explanation.sample().size()).isZero();
	}

	/** Contributions equal to the feature values, bias -1. */
	static final class RecordingExplainer implements Explainer {

		final List<float[]> calls = new ArrayList<>();

		@Override
		public float[] contributions(float[] features, int rows) {
			this.calls.add(features.clone());
			float[] contributions = new float[rows * 3];
			for (int row = 0; row < rows; row++) {
				contributions[row * 3] = features[row * 2];
				contributions[row * 3 + 1] = features[row * 2 + 1];
				contributions[row * 3 + 2] = -1;
			}
			return contributions;
		}

		@Override
		public int featureCount() {
			return 2;
		}

		@Override
		public void close() {
		}

	}

}
