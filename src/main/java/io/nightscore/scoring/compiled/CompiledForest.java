package io.nightscore.scoring.compiled;

import java.util.Arrays;
import java.util.List;

import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.Tree;

/**
 * A forest laid out for fast, exact prediction in plain Java: each tree padded to a
 * complete tree of its own depth (a leaf above the bottom is replicated over the slots
 * below it; a lone leaf counts as one level), nodes in heap order from 1 (children of
 * {@code i} at {@code 2i} and {@code 2i+1}), each split's key slot and threshold packed
 * in one long, and descent without branches or float compares: values and thresholds
 * become order-preserving integer keys, and a node stores its threshold's key minus one,
 * so "go right" ({@code value >= threshold}) is the sign bit of
 * {@code (threshold - 1) - value} and the child is {@code 2i} plus that bit. Each row
 * holds two keys per feature, which differ only for a missing value: in the first it is
 * below every threshold, in the second above every one. A split that sends missing values
 * left reads the first, one that sends them right the second, so the default direction
 * costs nothing at descent.
 *
 * <p>
 * Rows go eight at a time through the forest, in lockstep (eight independent descents
 * keep the core busy while each waits on its loads), each row's sum in a local. The
 * forest is walked in runs of consecutive trees of about 24 KB of nodes, each run by
 * every group of a block of 256 rows before the next: a run's nodes stay in the L1 cache
 * while the block's groups go through it, and each row's sum is saved between runs, so
 * the trees still add up in the model's order (5 % more rows per CPU-second than every
 * group through the whole forest, {@code bench/predict.sh}, 2 × 4 rounds interleaved).
 * The group's keys are transposed lane-major (slot {@code s} of lane {@code k} at
 * {@code 8s + k}) and each node holds its slot already times eight, so a lane reads its
 * key at the node's slot plus a constant: no per-row base address to keep in a register.
 * Every tree's root is the same node for all eight rows, so it is read once per group.
 *
 * <p>
 * Measured on the benchmark model (300 trees of depth 6) and dropped: walking trees outer
 * over a block of rows (the tree stays in L1, sums in an array), 25 % slower; descent
 * loops unrolled for the depth, 20 % slower; 4, 12 or 16 lanes, 5 to 18 % slower, and 10
 * no faster; the second level peeled too (a select between the root's children), 10 %
 * slower; thresholds quantised to per-feature ranks (an int per node), no faster, as the
 * ranks cost what the smaller nodes save; the Vector API's 16-lane gathers (AVX-512), a
 * quarter slower; {@code Unsafe} reads without bounds checks, 10 % slower; code generated
 * for the model (one Java method per tree, nested {@code if}s on constant thresholds, the
 * forest's sum in one method calling them in order, compiled at load; exact), a third of
 * the speed (145,000 against 435,000 rows per CPU-second on one core, 5 rounds), its
 * branches mispredicted on every other split.
 *
 * <p>
 * The arithmetic is XGBoost's: features and thresholds compared as float32
 * ({@code value < threshold} goes left, a missing value goes the default way), leaf
 * values summed per row in float, tree by tree in the model's order, onto the base
 * score's margin, and XGBoost's float sigmoid. Immutable and thread-safe.
 */
public final class CompiledForest {

	static final int LANES = 8;

	/** The groups of rows walked together through each run of trees: 256 rows. */
	static final int BLOCK_GROUPS = 32;

	/**
	 * The most nodes in a run of trees walked together: 24 KB (12 trees of depth 6), well
	 * within a core's L1 data cache (32 KB on the AMD EPYC, 48 KB on the Intel Xeon this
	 * was measured on).
	 */
	static final int RUN_NODES = 3000;

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
	 * Per internal node: the threshold's key minus one (bits 32-63), the key slot times
	 * {@link #LANES} (bits 0-31, below 2^28 as a model has at most 2^24 features; the
	 * slot is the feature index, plus the number of features when missing values go
	 * right); per bottom slot: the leaf value's float bits (bits 0-31). Tree {@code t}'s
	 * heap slot {@code i} (from 1) is at {@code offsets[t] + i - 1}.
	 */
	private final long[] nodes;

	/** Where each run of trees walked together starts, and where the last one ends. */
	private final int[] treeRuns;

	private CompiledForest(int numFeature, float baseMargin, int[] offsets, int[] depths, long[] nodes) {
		this.numFeature = numFeature;
		this.baseMargin = baseMargin;
		this.offsets = offsets;
		this.depths = depths;
		this.nodes = nodes;
		this.treeRuns = treeRuns(offsets, RUN_NODES);
	}

	/**
	 * Cut the forest into runs of consecutive trees of at most {@code runNodes} nodes (at
	 * least one tree).
	 */
	private static int[] treeRuns(int[] offsets, int runNodes) {
		int trees = offsets.length - 1;
		int[] runs = new int[trees + 1];
		int n = 0;
		runs[n++] = 0;
		int start = 0;
		for (int t = 1; t <= trees; t++) {
			if (t == trees || offsets[t + 1] - offsets[start] > runNodes) {
				runs[n++] = t;
				start = t;
			}
		}
		return Arrays.copyOf(runs, n);
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
			depths[t] = paddedDepth(trees.get(t));
			offsets[t] = (int) total;
			total += (2L << depths[t]) - 1;
		}
		offsets[trees.size()] = (int) total;
		long[] nodes = new long[(int) total];
		for (int t = 0; t < trees.size(); t++) {
			place(trees.get(t), 0, 1, 0, depths[t], offsets[t] - 1, forest.numFeature(), nodes);
		}
		return new CompiledForest(forest.numFeature(), baseMargin(forest.baseScore()), offsets, depths, nodes);
	}

	/**
	 * The levels a tree is padded to: its depth, and one for a lone leaf, so every tree
	 * has a root split to peel.
	 */
	static int paddedDepth(Tree tree) {
		return Math.max(1, tree.depth());
	}

	/**
	 * Put {@code node} of {@code tree} at heap slot {@code slot} (from 1), level
	 * {@code level}.
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
			place(tree, node, 2 * slot, level + 1, depth, offset, numFeature, nodes);
			place(tree, node, 2 * slot + 1, level + 1, depth, offset, numFeature, nodes);
			return;
		}
		int keySlot = (tree.splitIndices()[node] + (tree.defaultLeft()[node] ? 0 : numFeature)) * LANES;
		// a finite threshold's key is above Integer.MIN_VALUE: minus one does not wrap
		long belowThreshold = key(tree.splitConditions()[node]) - 1;
		nodes[offset + slot] = (belowThreshold << 32) | keySlot;
		place(tree, tree.left()[node], 2 * slot, level + 1, depth, offset, numFeature, nodes);
		place(tree, tree.right()[node], 2 * slot + 1, level + 1, depth, offset, numFeature, nodes);
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
		float[] scores = new float[rows];
		int[][] groups = new int[BLOCK_GROUPS][2 * this.numFeature * LANES];
		float[] sums = new float[BLOCK_GROUPS * LANES];
		int[] runs = this.treeRuns;
		for (int block = 0; block < rows; block += BLOCK_GROUPS * LANES) {
			int blockRows = Math.min(BLOCK_GROUPS * LANES, rows - block);
			int blockGroups = (blockRows + LANES - 1) / LANES;
			for (int g = 0; g < blockGroups; g++) {
				transpose(features, block + g * LANES, Math.min(LANES, blockRows - g * LANES), groups[g]);
			}
			Arrays.fill(sums, 0, blockGroups * LANES, this.baseMargin);
			for (int run = 0; run + 1 < runs.length; run++) {
				for (int g = 0; g < blockGroups; g++) {
					walk(groups[g], runs[run], runs[run + 1], sums, g * LANES);
				}
			}
			for (int r = 0; r < blockRows; r++) {
				scores[block + r] = sigmoid(sums[r]);
			}
		}
		return scores;
	}

	/**
	 * Write the keys of rows {@code row .. row+count} into {@code group}, lane-major: key
	 * slot {@code s} of lane {@code k} at {@code s * LANES + k}. Lanes past {@code count}
	 * repeat the last row, so a short group walks as a full one.
	 */
	private void transpose(float[] features, int row, int count, int[] group) {
		int n = this.numFeature;
		for (int lane = 0; lane < LANES; lane++) {
			int from = (row + Math.min(lane, count - 1)) * n;
			for (int f = 0; f < n; f++) {
				float value = features[from + f];
				boolean missing = value != value;
				int key = key(value);
				group[f * LANES + lane] = missing ? MISSING_LEFT : key;
				group[(n + f) * LANES + lane] = missing ? MISSING_RIGHT : key;
			}
		}
	}

	/**
	 * Walk the {@link #LANES} rows of {@code group} through trees
	 * {@code [fromTree, toTree)}, in lockstep, adding to their sums at
	 * {@code sums[at, at + LANES)}. Each row's sum stays in a local (a register) over the
	 * run: tree by tree in the model's order, as XGBoost adds them.
	 */
	private void walk(int[] group, int fromTree, int toTree, float[] sums, int at) {
		long[] nodes = this.nodes;
		int[] offsets = this.offsets;
		int[] depths = this.depths;
		float s0 = sums[at];
		float s1 = sums[at + 1];
		float s2 = sums[at + 2];
		float s3 = sums[at + 3];
		float s4 = sums[at + 4];
		float s5 = sums[at + 5];
		float s6 = sums[at + 6];
		float s7 = sums[at + 7];
		for (int t = fromTree; t < toTree; t++) {
			int base = offsets[t] - 1;
			long root = nodes[base + 1];
			int i0 = next(root, group, 0, 1);
			int i1 = next(root, group, 1, 1);
			int i2 = next(root, group, 2, 1);
			int i3 = next(root, group, 3, 1);
			int i4 = next(root, group, 4, 1);
			int i5 = next(root, group, 5, 1);
			int i6 = next(root, group, 6, 1);
			int i7 = next(root, group, 7, 1);
			for (int level = depths[t] - 1; level > 0; level--) {
				i0 = next(nodes[base + i0], group, 0, i0);
				i1 = next(nodes[base + i1], group, 1, i1);
				i2 = next(nodes[base + i2], group, 2, i2);
				i3 = next(nodes[base + i3], group, 3, i3);
				i4 = next(nodes[base + i4], group, 4, i4);
				i5 = next(nodes[base + i5], group, 5, i5);
				i6 = next(nodes[base + i6], group, 6, i6);
				i7 = next(nodes[base + i7], group, 7, i7);
			}
			s0 += Float.intBitsToFloat((int) nodes[base + i0]);
			s1 += Float.intBitsToFloat((int) nodes[base + i1]);
			s2 += Float.intBitsToFloat((int) nodes[base + i2]);
			s3 += Float.intBitsToFloat((int) nodes[base + i3]);
			s4 += Float.intBitsToFloat((int) nodes[base + i4]);
			s5 += Float.intBitsToFloat((int) nodes[base + i5]);
			s6 += Float.intBitsToFloat((int) nodes[base + i6]);
			s7 += Float.intBitsToFloat((int) nodes[base + i7]);
		}
		sums[at] = s0;
		sums[at + 1] = s1;
		sums[at + 2] = s2;
		sums[at + 3] = s3;
		sums[at + 4] = s4;
		sums[at + 5] = s5;
		sums[at + 6] = s6;
		sums[at + 7] = s7;
	}

	/**
	 * The heap slot below {@code i} for the row in lane {@code lane}: right
	 * ({@code 2i+1}) when the key the node reads is at or above its threshold's, that is
	 * when {@code (threshold - 1) - value} is negative (in long: no overflow); a missing
	 * value's key already says its default direction. Arithmetic only, no branch.
	 */
	private static int next(long node, int[] group, int lane, int i) {
		long value = group[(int) node + lane];
		return 2 * i + (int) (((node >> 32) - value) >>> 63);
	}

}
