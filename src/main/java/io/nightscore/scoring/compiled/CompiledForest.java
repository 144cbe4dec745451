package io.nightscore.scoring.compiled;

import java.util.List;

import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.Tree;

/**
 * A forest laid out for fast, exact prediction in plain Java: each tree padded to a
 * complete tree of its own depth (a leaf above the bottom is replicated over the slots
 * below it), nodes in heap order (children of {@code i} at {@code 2i+1} and
 * {@code 2i+2}), each split's feature index and default direction packed in one int, and
 * descent without branches, eight rows through a tree in lockstep.
 *
 * <p>
 * The arithmetic is XGBoost's: features and thresholds compared as float32
 * ({@code value < threshold} goes left, a missing value goes the default way), leaf
 * values summed per row in float, tree by tree in the model's order, onto the base
 * score's margin, and XGBoost's float sigmoid. Immutable and thread-safe.
 */
public final class CompiledForest {

	static final int LANES = 8;

	private static final int DEFAULT_LEFT = 1 << 31;

	private static final int FEATURE = ~DEFAULT_LEFT;

	private final int numFeature;

	private final float baseMargin;

	/** Per tree: where its nodes start in {@link #packed} and {@link #values}. */
	private final int[] offsets;

	private final int[] depths;

	/** Per internal node: feature index, default-left in the sign bit. */
	private final int[] packed;

	/** Per node: threshold for an internal node, value for a leaf (bottom level). */
	private final float[] values;

	private CompiledForest(int numFeature, float baseMargin, int[] offsets, int[] depths, int[] packed,
			float[] values) {
		this.numFeature = numFeature;
		this.baseMargin = baseMargin;
		this.offsets = offsets;
		this.depths = depths;
		this.packed = packed;
		this.values = values;
	}

	/**
	 * Lay out a supported forest ({@link CompiledSupport#whyNot} said nothing against
	 * it).
	 */
	static CompiledForest compile(Forest forest) {
		List<Tree> trees = forest.trees();
		int[] offsets = new int[trees.size() + 1];
		int[] depths = new int[trees.size()];
		long total = 0;
		for (int t = 0; t < trees.size(); t++) {
			depths[t] = trees.get(t).depth();
			offsets[t] = (int) total;
			total += (2L << depths[t]) - 1;
		}
		offsets[trees.size()] = (int) total;
		int[] packed = new int[(int) total];
		float[] values = new float[(int) total];
		for (int t = 0; t < trees.size(); t++) {
			place(trees.get(t), 0, 0, 0, depths[t], offsets[t], packed, values);
		}
		return new CompiledForest(forest.numFeature(), baseMargin(forest.baseScore()), offsets, depths, packed, values);
	}

	/**
	 * Put {@code node} of {@code tree} at heap slot {@code slot}, level {@code level}.
	 */
	private static void place(Tree tree, int node, int slot, int level, int depth, int offset, int[] packed,
			float[] values) {
		if (level == depth) {
			values[offset + slot] = tree.splitConditions()[node];
			return;
		}
		if (tree.isLeaf(node)) {
			// a leaf above the bottom: any way down ends in a copy of it
			packed[offset + slot] = 0;
			values[offset + slot] = 0;
			place(tree, node, 2 * slot + 1, level + 1, depth, offset, packed, values);
			place(tree, node, 2 * slot + 2, level + 1, depth, offset, packed, values);
			return;
		}
		packed[offset + slot] = tree.splitIndices()[node] | (tree.defaultLeft()[node] ? DEFAULT_LEFT : 0);
		values[offset + slot] = tree.splitConditions()[node];
		place(tree, tree.left()[node], 2 * slot + 1, level + 1, depth, offset, packed, values);
		place(tree, tree.right()[node], 2 * slot + 2, level + 1, depth, offset, packed, values);
	}

	/**
	 * XGBoost's margin for a base score stored as a probability:
	 * {@code -logf(1.0f / base_score - 1.0f)}, in float.
	 */
	static float baseMargin(float baseScore) {
		return -(float) Math.log(1.0f / baseScore - 1.0f);
	}

	/** XGBoost's {@code common::Sigmoid}, in float. */
	static float sigmoid(float margin) {
		float x = Math.min(-margin, 88.7f);
		float denominator = (float) Math.exp(x) + 1.0f + 1e-16f;
		return 1.0f / denominator;
	}

	public int numFeature() {
		return this.numFeature;
	}

	/** Padded nodes over all trees: the size of the layout, in ints plus floats. */
	public int slots() {
		return this.values.length;
	}

	/**
	 * Score {@code rows} rows laid out row-major in {@code features}, {@link Float#NaN}
	 * for a missing value.
	 * @return one probability per row
	 */
	public float[] score(float[] features, int rows) {
		float[] scores = new float[rows];
		int row = 0;
		for (; row + LANES <= rows; row += LANES) {
			scoreLanes(features, row, scores);
		}
		for (; row < rows; row++) {
			scores[row] = sigmoid(margin(features, row * this.numFeature));
		}
		return scores;
	}

	/** One row's margin. */
	float margin(float[] x, int at) {
		float sum = this.baseMargin;
		int[] packed = this.packed;
		float[] values = this.values;
		for (int t = 0; t < this.depths.length; t++) {
			int base = this.offsets[t];
			int i = 0;
			for (int level = this.depths[t]; level > 0; level--) {
				i = next(packed[base + i], values[base + i], x, at, i);
			}
			sum += values[base + i];
		}
		return sum;
	}

	private void scoreLanes(float[] x, int row, float[] scores) {
		int n = this.numFeature;
		int a0 = row * n;
		int a1 = a0 + n;
		int a2 = a1 + n;
		int a3 = a2 + n;
		int a4 = a3 + n;
		int a5 = a4 + n;
		int a6 = a5 + n;
		int a7 = a6 + n;
		float s0 = this.baseMargin;
		float s1 = s0;
		float s2 = s0;
		float s3 = s0;
		float s4 = s0;
		float s5 = s0;
		float s6 = s0;
		float s7 = s0;
		int[] packed = this.packed;
		float[] values = this.values;
		for (int t = 0; t < this.depths.length; t++) {
			int base = this.offsets[t];
			int i0 = 0;
			int i1 = 0;
			int i2 = 0;
			int i3 = 0;
			int i4 = 0;
			int i5 = 0;
			int i6 = 0;
			int i7 = 0;
			for (int level = this.depths[t]; level > 0; level--) {
				i0 = next(packed[base + i0], values[base + i0], x, a0, i0);
				i1 = next(packed[base + i1], values[base + i1], x, a1, i1);
				i2 = next(packed[base + i2], values[base + i2], x, a2, i2);
				i3 = next(packed[base + i3], values[base + i3], x, a3, i3);
				i4 = next(packed[base + i4], values[base + i4], x, a4, i4);
				i5 = next(packed[base + i5], values[base + i5], x, a5, i5);
				i6 = next(packed[base + i6], values[base + i6], x, a6, i6);
				i7 = next(packed[base + i7], values[base + i7], x, a7, i7);
			}
			s0 += values[base + i0];
			s1 += values[base + i1];
			s2 += values[base + i2];
			s3 += values[base + i3];
			s4 += values[base + i4];
			s5 += values[base + i5];
			s6 += values[base + i6];
			s7 += values[base + i7];
		}
		scores[row] = sigmoid(s0);
		scores[row + 1] = sigmoid(s1);
		scores[row + 2] = sigmoid(s2);
		scores[row + 3] = sigmoid(s3);
		scores[row + 4] = sigmoid(s4);
		scores[row + 5] = sigmoid(s5);
		scores[row + 6] = sigmoid(s6);
		scores[row + 7] = sigmoid(s7);
	}

	/**
	 * The heap slot below {@code i}: right unless the value is below the threshold, or
	 * missing where missing goes left. No branch: the comparisons become flag moves.
	 */
	private static int next(int packed, float threshold, float[] x, int at, int i) {
		float v = x[at + (packed & FEATURE)];
		boolean left = (v < threshold) | ((v != v) & (packed < 0));
		return 2 * i + (left ? 1 : 2);
	}

}
