package io.nightscore.scoring.compiled;

import java.util.Arrays;
import java.util.List;

import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.Tree;

/**
 * A forest laid out for fast, exact prediction in plain Java: each tree padded to a
 * complete tree of its own depth (a leaf above the bottom is replicated over the slots
 * below it), nodes in heap order (children of {@code i} at {@code 2i+1} and
 * {@code 2i+2}), each split's key slot and threshold packed in one long, and descent
 * without branches or float compares: values and thresholds become order-preserving
 * integer keys, so {@code value < threshold} is the sign of a subtraction. Each row holds
 * two keys per feature, which differ only for a missing value: in the first it is below
 * every threshold, in the second above every one. A split that sends missing values left
 * reads the first, one that sends them right the second, so the default direction costs
 * nothing at descent. Trees are walked one after another over a block of rows (the tree
 * stays in cache), eight rows through a tree in lockstep.
 *
 * <p>
 * The arithmetic is XGBoost's: features and thresholds compared as float32
 * ({@code value < threshold} goes left, a missing value goes the default way), leaf
 * values summed per row in float, tree by tree in the model's order, onto the base
 * score's margin, and XGBoost's float sigmoid. Immutable and thread-safe.
 */
public final class CompiledForest {

	static final int LANES = 8;

	/** Rows walked through each tree before the next tree: one tree stays in cache. */
	static final int BLOCK = 64;

	/** A missing value's key where it goes left: below every threshold's key. */
	static final int MISSING_LEFT = Integer.MIN_VALUE;

	/**
	 * A missing value's key where it goes right: above every threshold's key (the
	 * largest, +Inf's, is 0x7f800000).
	 */
	static final int MISSING_RIGHT = Integer.MAX_VALUE;

	private final int numFeature;

	private final float baseMargin;

	/** Per tree: where its nodes start in {@link #nodes}. */
	private final int[] offsets;

	private final int[] depths;

	/**
	 * Per internal node: the key slot (bits 32-63: the feature index, plus the number of
	 * features when missing values go right), the threshold key (bits 0-31); per bottom
	 * slot: the leaf value's float bits.
	 */
	private final long[] nodes;

	private CompiledForest(int numFeature, float baseMargin, int[] offsets, int[] depths, long[] nodes) {
		this.numFeature = numFeature;
		this.baseMargin = baseMargin;
		this.offsets = offsets;
		this.depths = depths;
		this.nodes = nodes;
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
		long[] nodes = new long[(int) total];
		for (int t = 0; t < trees.size(); t++) {
			place(trees.get(t), 0, 0, 0, depths[t], offsets[t], forest.numFeature(), nodes);
		}
		return new CompiledForest(forest.numFeature(), baseMargin(forest.baseScore()), offsets, depths, nodes);
	}

	/**
	 * Put {@code node} of {@code tree} at heap slot {@code slot}, level {@code level}.
	 */
	private static void place(Tree tree, int node, int slot, int level, int depth, int offset, int numFeature,
			long[] nodes) {
		if (level == depth) {
			nodes[offset + slot] = Float.floatToRawIntBits(tree.splitConditions()[node]) & 0xffffffffL;
			return;
		}
		if (tree.isLeaf(node)) {
			// a leaf above the bottom: any way down ends in a copy of it
			nodes[offset + slot] = 0;
			place(tree, node, 2 * slot + 1, level + 1, depth, offset, numFeature, nodes);
			place(tree, node, 2 * slot + 2, level + 1, depth, offset, numFeature, nodes);
			return;
		}
		long keySlot = tree.splitIndices()[node] + (tree.defaultLeft()[node] ? 0 : numFeature);
		nodes[offset + slot] = (keySlot << 32) | (key(tree.splitConditions()[node]) & 0xffffffffL);
		place(tree, tree.left()[node], 2 * slot + 1, level + 1, depth, offset, numFeature, nodes);
		place(tree, tree.right()[node], 2 * slot + 2, level + 1, depth, offset, numFeature, nodes);
	}

	/**
	 * An int whose signed order is the float order of {@code value} (-0 and +0 alike, as
	 * float comparison has them).
	 */
	static int key(float value) {
		int bits = Float.floatToRawIntBits(value + 0.0f);
		return bits ^ ((bits >> 31) & 0x7fffffff);
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

	/**
	 * Score {@code rows} rows laid out row-major in {@code features}, {@link Float#NaN}
	 * for a missing value.
	 * @return one probability per row
	 */
	public float[] score(float[] features, int rows) {
		int n = this.numFeature;
		int[] keys = new int[rows * 2 * n];
		for (int row = 0; row < rows; row++) {
			int from = row * n;
			int to = 2 * from;
			for (int f = 0; f < n; f++) {
				float value = features[from + f];
				boolean missing = value != value;
				int key = key(value);
				keys[to + f] = missing ? MISSING_LEFT : key;
				keys[to + n + f] = missing ? MISSING_RIGHT : key;
			}
		}
		float[] scores = new float[rows];
		float[] sums = new float[BLOCK];
		for (int start = 0; start < rows; start += BLOCK) {
			int count = Math.min(BLOCK, rows - start);
			Arrays.fill(sums, 0, count, this.baseMargin);
			for (int t = 0; t < this.depths.length; t++) {
				walk(t, keys, start, count, sums);
			}
			for (int r = 0; r < count; r++) {
				scores[start + r] = sigmoid(sums[r]);
			}
		}
		return scores;
	}

	/** Add tree {@code t}'s leaf to the sums of rows {@code start .. start+count}. */
	private void walk(int t, int[] keys, int start, int count, float[] sums) {
		long[] nodes = this.nodes;
		int n = 2 * this.numFeature;
		int base = this.offsets[t];
		int depth = this.depths[t];
		int r = 0;
		for (; r + LANES <= count; r += LANES) {
			int a0 = (start + r) * n;
			int a1 = a0 + n;
			int a2 = a1 + n;
			int a3 = a2 + n;
			int a4 = a3 + n;
			int a5 = a4 + n;
			int a6 = a5 + n;
			int a7 = a6 + n;
			int i0 = 0;
			int i1 = 0;
			int i2 = 0;
			int i3 = 0;
			int i4 = 0;
			int i5 = 0;
			int i6 = 0;
			int i7 = 0;
			for (int level = depth; level > 0; level--) {
				i0 = next(nodes[base + i0], keys, a0, i0);
				i1 = next(nodes[base + i1], keys, a1, i1);
				i2 = next(nodes[base + i2], keys, a2, i2);
				i3 = next(nodes[base + i3], keys, a3, i3);
				i4 = next(nodes[base + i4], keys, a4, i4);
				i5 = next(nodes[base + i5], keys, a5, i5);
				i6 = next(nodes[base + i6], keys, a6, i6);
				i7 = next(nodes[base + i7], keys, a7, i7);
			}
			sums[r] += Float.intBitsToFloat((int) nodes[base + i0]);
			sums[r + 1] += Float.intBitsToFloat((int) nodes[base + i1]);
			sums[r + 2] += Float.intBitsToFloat((int) nodes[base + i2]);
			sums[r + 3] += Float.intBitsToFloat((int) nodes[base + i3]);
			sums[r + 4] += Float.intBitsToFloat((int) nodes[base + i4]);
			sums[r + 5] += Float.intBitsToFloat((int) nodes[base + i5]);
			sums[r + 6] += Float.intBitsToFloat((int) nodes[base + i6]);
			sums[r + 7] += Float.intBitsToFloat((int) nodes[base + i7]);
		}
		for (; r < count; r++) {
			int at = (start + r) * n;
			int i = 0;
			for (int level = depth; level > 0; level--) {
				i = next(nodes[base + i], keys, at, i);
			}
			sums[r] += Float.intBitsToFloat((int) nodes[base + i]);
		}
	}

	/**
	 * The heap slot below {@code i}: left when the key the node reads is below its
	 * threshold's (the sign of their difference; a missing value's key already says its
	 * default direction); arithmetic only, no branch.
	 */
	private static int next(long node, int[] keys, int at, int i) {
		long value = keys[at + (int) (node >>> 32)];
		return 2 * i + 2 - (int) ((value - (int) node) >>> 63);
	}

}
