package io.nightscore.scoring.forest;

/**
 * One checked regression tree of a forest, in XGBoost's own node arrays: node 0 is the
 * root, a node whose left child is -1 is a leaf whose value is its
 * {@code splitConditions} entry. Every node reachable from the root is reached exactly
 * once, children and feature indices are in range and every number is finite.
 *
 * @param left left child per node, -1 for a leaf
 * @param right right child per node, -1 for a leaf
 * @param splitIndices feature index per split node
 * @param splitConditions threshold per split node ({@code value < threshold} goes left),
 * leaf value per leaf
 * @param defaultLeft where a missing value goes, per split node
 * @param hessians each node's cover (XGBoost's {@code sum_hessian}: the training rows'
 * hessian that reached it), which SHAP explanations weigh paths by; {@code null} when the
 * model has none
 * @param categorical whether any split is categorical
 * @param depth the length of the longest root-to-leaf path in edges (0 for a lone leaf)
 * @param reachable how many nodes the root reaches (the others are deleted nodes)
 */
public record Tree(int[] left, int[] right, int[] splitIndices, float[] splitConditions, boolean[] defaultLeft,
		float[] hessians, boolean categorical, int depth, int reachable) {

	public int size() {
		return this.left.length;
	}

	public boolean isLeaf(int node) {
		return this.left[node] == -1;
	}

}
