package io.nightscore.scoring.compiled;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.ExplainingEngine;
import io.nightscore.scoring.ModelArtifact;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.Tree;

/**
 * A made-up model for the start-up warm-up ({@code job.ChunkWarmUp}) to score with: a
 * forest of the benchmark model's depth, on the compiled engine as a run's model is, so
 * that the JIT compiles {@link CompiledForest}'s descent before the run's first chunk
 * needs it. Its splits use values of the rows it is made from as thresholds, so rows go
 * both ways at every node. It explains nothing.
 */
public final class CompiledWarmUp {

	static final int TREES = 24;

	static final int DEPTH = 6;

	private CompiledWarmUp() {
	}

	/**
	 * A model of {@value #TREES} complete trees of depth {@value #DEPTH} over
	 * {@code featureNames}, its thresholds drawn from {@code rows}.
	 * @param rows sample rows, row-major, a value per feature (NaN for a missing one); at
	 * least one
	 */
	public static ScoringModel model(List<String> featureNames, float[] rows) {
		Forest forest = forest(featureNames, rows);
		ModelArtifact artifact = ModelArtifact.of(Path.of("warm-up"), new byte[0], "warm-up", featureNames,
				forest.objective(), TREES);
		return new ScoringModel(artifact,
				new CompiledEngine(CompiledForest.compile(forest), NoOracle.INSTANCE, () -> null));
	}

	static Forest forest(List<String> featureNames, float[] rows) {
		SplittableRandom random = new SplittableRandom(11);
		List<Tree> trees = new ArrayList<>();
		for (int t = 0; t < TREES; t++) {
			trees.add(tree(random, featureNames.size(), rows));
		}
		return new Forest("binary:logistic", 0.5f, "5E-1", featureNames.size(), featureNames, List.of(), "gbtree", 0,
				trees, new int[TREES], null);
	}

	private static Tree tree(SplittableRandom random, int features, float[] rows) {
		int nodes = (2 << DEPTH) - 1;
		int internal = (1 << DEPTH) - 1;
		int[] left = new int[nodes];
		int[] right = new int[nodes];
		int[] split = new int[nodes];
		float[] condition = new float[nodes];
		boolean[] defaultLeft = new boolean[nodes];
		int sampleRows = rows.length / features;
		for (int n = 0; n < nodes; n++) {
			if (n < internal) {
				left[n] = 2 * n + 1;
				right[n] = 2 * n + 2;
				split[n] = random.nextInt(features);
				float threshold = rows[random.nextInt(sampleRows) * features + split[n]];
				condition[n] = Float.isFinite(threshold) ? threshold : 0.0f;
				defaultLeft[n] = random.nextBoolean();
			}
			else {
				left[n] = -1;
				right[n] = -1;
				condition[n] = (float) (random.nextDouble() - 0.5) / TREES;
			}
		}
		return new Tree(left, right, split, condition, defaultLeft, null, false, DEPTH, nodes);
	}

	/** Nothing to check the made-up forest against, and nothing to explain with. */
	private enum NoOracle implements ExplainingEngine {

		INSTANCE;

		@Override
		public Explainer newExplainer() {
			throw new UnsupportedOperationException("The warm-up model explains nothing");
		}

		@Override
		public void close() {
		}

	}

}
