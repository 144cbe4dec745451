package io.nightscore.scoring.forest;

import java.util.List;

/**
 * An XGBoost tree model, engine-neutral and checked: what a scorer needs to predict with
 * it, read from the model's JSON or UBJ without XGBoost.
 *
 * @param objective the objective's name, e.g. {@code binary:logistic}
 * @param baseScore the base score XGBoost4J 3.0 predicts with (for the logistic
 * objectives a probability, turned into a margin at prediction): the model's, or 0.5 when
 * the model writes it in a form XGBoost4J 3.0 does not read (see
 * {@link #baseScoreIgnored})
 * @param baseScoreText {@code base_score} as the model writes it
 * @param numFeature how many features the model reads
 * @param featureNames one unique, non-blank name per feature
 * @param featureTypes XGBoost's feature types ({@code float}, {@code int}, {@code c}
 * ...), empty if the model has none
 * @param booster {@code gbtree} or {@code dart}
 * @param numClass XGBoost's {@code num_class} (0 for a single output)
 * @param trees the trees in XGBoost's order
 * @param treeInfo the output group (class) of each tree
 * @param weightDrop dart's weight per tree, {@code null} for gbtree
 */
public record Forest(String objective, float baseScore, String baseScoreText, int numFeature, List<String> featureNames,
		List<String> featureTypes, String booster, int numClass, List<Tree> trees, int[] treeInfo, float[] weightDrop) {

	/**
	 * Whether XGBoost4J 3.0 ignores the model's base score (it reads only the plain form,
	 * not the vector form {@code "[2.5E-1]"} of XGBoost 3.1 and later) and predicts with
	 * 0.5.
	 */
	public boolean baseScoreIgnored() {
		return !ForestReader.readsBaseScore(this.baseScoreText);
	}

	/** All nodes of all trees, deleted ones included. */
	public long totalNodes() {
		long nodes = 0;
		for (Tree tree : this.trees) {
			nodes += tree.size();
		}
		return nodes;
	}

	public int maxDepth() {
		int depth = 0;
		for (Tree tree : this.trees) {
			depth = Math.max(depth, tree.depth());
		}
		return depth;
	}

	public boolean hasCategoricalSplits() {
		return this.trees.stream().anyMatch(Tree::categorical);
	}

}
