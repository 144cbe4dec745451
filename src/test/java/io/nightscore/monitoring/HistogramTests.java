package io.nightscore.monitoring;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramTests {

	@Test
	void valuesFallIntoTheBinsPostgresWidthBucketNamesAndNullsIntoTheirOwn() {
		Histogram histogram = new Histogram(new double[] { 1, 2, 3 });
		for (float value : new float[] { 0.5f, 1, 1.5f, 2, 3, 7, Float.NaN }) {
			histogram.add(value);
		}

		assertThat(histogram.counts()).containsExactly(1, 2, 1, 2);
		assertThat(histogram.nullCount()).isEqualTo(1);
		assertThat(histogram.rows()).isEqualTo(7);
		assertThat(histogram.min()).isEqualTo(0.5);
		assertThat(histogram.max()).isEqualTo(7);
	}

	@Test
	void fewAndManyEdgesBinAlikeInfinitiesIncluded() {
		double[] many = new double[40];
		for (int i = 0; i < many.length; i++) {
			many[i] = i;
		}
		Histogram fine = new Histogram(many);
		Histogram coarse = new Histogram(new double[] { 0, 10, 20, 30 });
		float[] values = { Float.NEGATIVE_INFINITY, -0.5f, 0, 0.5f, 9.999f, 10, 29, 30, 39, 39.5f,
				Float.POSITIVE_INFINITY };
		for (float value : values) {
			fine.add(value);
			coarse.add(value);
		}

		assertThat(coarse.counts()).containsExactly(2, 3, 1, 1, 4);
		assertThat(fine.counts()[0]).isEqualTo(2);
		assertThat(fine.counts()[1]).isEqualTo(2);
		assertThat(fine.counts()[10]).isEqualTo(1);
		assertThat(fine.counts()[11]).isEqualTo(1);
		assertThat(fine.counts()[30]).isEqualTo(1);
		assertThat(fine.counts()[40]).isEqualTo(3);
	}

	@Test
	void quantileEdgesCutEqualCountsAndCollapseRepeatedValues() {
		float[] sorted = new float[100];
		for (int i = 0; i < 100; i++) {
			sorted[i] = i;
		}
		float[] booleans = { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1 };

		assertThat(Histogram.quantileEdges(sorted, 100, 10)).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90);
		assertThat(Histogram.quantileEdges(booleans, 10, 10)).containsExactly(0, 1);
	}

	@Test
	void psiIsZeroForTheSameSharesAndMatchesTheTextbookFormula() {
		long[] expected = { 50, 50, 0 };
		long[] same = { 500, 500, 0 };
		long[] shifted = { 20, 80, 0 };

		assertThat(Psi.of(same, expected)).isZero();
		assertThat(Psi.of(shifted, expected))
			.isCloseTo((0.2 - 0.5) * Math.log(0.2 / 0.5) + (0.8 - 0.5) * Math.log(0.8 / 0.5), within(1e-12));
		assertThat(Psi.of(new long[] { 0, 0, 0 }, expected)).isNaN();
	}

	@Test
	void psiOverDifferentEdgesIsNotANumber() {
		assertThat(new Histogram(new double[] { 1 }).psi(new Histogram(new double[] { 2 }))).isNaN();
	}

	@Test
	void countsSurviveTheExecutionContextEncoding() {
		ReferenceEdges edges = new ReferenceEdges("test", java.util.List.of("a", "b"),
				java.util.List.of(new double[] { 0.5 }, new double[0]), new double[] { 0.1, 0.7 });
		FeatureHistograms histograms = new FeatureHistograms(edges);
		histograms.add(new io.nightscore.input.CustomerBlock(0, 1, new String[] { "x", "y" },
				new float[] { 0.2f, Float.NaN, 0.9f, 4 }, 2, null));

		FeatureHistograms decoded = FeatureHistograms.decode(ReferenceEdges.decode(edges.encode()),
				histograms.encode());
		Map<String, Histogram> byFeature = decoded.byFeature();

		assertThat(byFeature.get("a").counts()).containsExactly(1, 1);
		assertThat(byFeature.get("b").counts()).containsExactly(1);
		assertThat(byFeature.get("b").nullCount()).isEqualTo(1);
		assertThat(byFeature.get("a").psi(histograms.byFeature().get("a"))).isZero();
		assertThat(ReferenceEdges.decode(edges.encode()).score()).containsExactly(0.1, 0.7);
	}

	@Test
	void edgesOfFeaturesWhoseNamesHoldTabsNewlinesOrBackslashesSurviveTheEncoding() {
		ReferenceEdges edges = new ReferenceEdges("training profile of model v1\nsecond line",
				java.util.List.of("calls\tper day", "minutes\nabroad", "C:\\temp\\n", "plain"),
				java.util.List.of(new double[] { 0.5 }, new double[] { 1, 2 }, new double[0], new double[] { -3e38 }),
				new double[] { 0.1, 0.7 });

		ReferenceEdges decoded = ReferenceEdges.decode(edges.encode());

		assertThat(decoded.source()).isEqualTo(edges.source());
		assertThat(decoded.featureNames()).isEqualTo(edges.featureNames());
		assertThat(decoded.features()).containsExactly(edges.features().toArray(double[][]::new));
		assertThat(decoded.score()).containsExactly(0.1, 0.7);
	}

	@Test
	void theListenerCountsScoredRowsScoresAndResumesFromTheCountsItSaved() {
		ReferenceEdges edges = new ReferenceEdges("test", java.util.List.of("a"),
				java.util.List.of(new double[] { 0.5 }), new double[] { 0.3, 0.7 });
		io.nightscore.input.CustomerBlock block = new io.nightscore.input.CustomerBlock(0, 1,
				new String[] { "x", "y", "z" }, new float[] { 0.2f, 0.6f, 0.9f }, 1, null);
		io.nightscore.scoring.ScoredBlock scored = new io.nightscore.scoring.ScoredBlock(0, 1,
				new String[] { "x", null, "z" }, new float[] { 0.25f, 0.5f, 0.7f },
				new String[] { null, "bad row", null }, null);
		org.springframework.batch.infrastructure.item.ExecutionContext context = new org.springframework.batch.infrastructure.item.ExecutionContext();
		HistogramListener first = new HistogramListener(edges);
		first.open(context);
		first.afterProcess(block, scored);
		first.update(context);

		HistogramListener resumed = new HistogramListener(edges);
		resumed.open(context);
		resumed.afterProcess(block, scored);
		resumed.update(context);

		Histogram scores = Histogram.decode(edges.score(), context.getString(HistogramListener.SCORE_COUNTS_KEY));
		// 0.7f is just below the edge 0.7 (a double), as in PostgreSQL, which stores the
		// float's double
		assertThat(scores.counts()).as("the rejected row's score is not counted").containsExactly(2, 2, 0);
		assertThat(scores.min()).isEqualTo(0.25f);
		assertThat(scores.max()).isEqualTo(0.7f);
		assertThat(FeatureHistograms.decode(edges, context.getString(HistogramListener.COUNTS_KEY))
			.byFeature()
			.get("a")
			.counts()).containsExactly(2, 2);
	}

	@Test
	void runsWhoseScoreEdgesAreTheirOwnDecilesCountNoScoresWhileScoring() {
		ReferenceEdges edges = new ReferenceEdges("own deciles", java.util.List.of("a"),
				java.util.List.of(new double[] { 0.5 }), new double[0]);
		org.springframework.batch.infrastructure.item.ExecutionContext context = new org.springframework.batch.infrastructure.item.ExecutionContext();
		HistogramListener listener = new HistogramListener(edges);
		listener.open(context);
		listener.update(context);

		assertThat(context.containsKey(HistogramListener.SCORE_COUNTS_KEY)).isFalse();
		assertThat(context.containsKey(HistogramListener.COUNTS_KEY)).isTrue();
	}

}
