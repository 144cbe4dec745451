package io.nightscore.scoring.compiled;

import java.util.ArrayList;
import java.util.List;

import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.Tree;

/**
 * Path-dependent TreeSHAP, the values XGBoost's {@code predictContrib} computes, with the
 * row-independent part of the work done once per model (Yang's "Fast TreeSHAP v2").
 *
 * <p>
 * For a leaf with value {@code v} whose path splits on the distinct features {@code P}
 * ({@code k} of them), feature {@code i} of {@code P} gets {@code v (o_i - z_i) Σ_{S ⊆
 * P∖{i}} |S|! (k-|S|-1)! / k! Π_{j∈S} o_j Π_{j∈P∖{i}∖S} z_j}, where {@code z_j} is the
 * share of the training rows' cover that follows the path at {@code j}'s splits and
 * {@code o_j} is 1 if the row follows the path at all of them, 0 if not. The row enters
 * only through which {@code o_j} are 1: a pattern of {@code k} bits. So each leaf keeps a
 * table of its features' contributions for all {@code 2^k} patterns, and explaining a row
 * is, per tree, one comparison per split node and per leaf a pattern and {@code k} table
 * reads. XGBoost's TreeSHAP redoes the weights' recurrences per row and leaf
 * ({@code O(L·D²)} divisions per tree against {@code O(L·D)} additions here). Sums are
 * kept in double, so values differ from XGBoost's float ones in the last bits;
 * {@link ExplanationCheck} compares the two before a model's first explanation. The bias
 * is each tree's cover-weighted leaf mean plus the base margin, as XGBoost's.
 *
 * <p>
 * Immutable and thread-safe; each thread explains with an {@link Explainer} of its own
 * ({@link #newExplainer()}), which holds its scratch arrays.
 */
public final class ForestShap {

	/** Distinct features on one path beyond which a leaf's table (k·2^k) is not built. */
	static final int MAX_PATH_FEATURES = 12;

	/** Rows explained together, tree by tree. */
	static final int BLOCK = 32;

	private final int featureCount;

	private final double bias;

	private final List<ShapTree> trees;

	private final int maxNodes;

	private ForestShap(int featureCount, double bias, List<ShapTree> trees, int maxNodes) {
		this.featureCount = featureCount;
		this.bias = bias;
		this.trees = trees;
		this.maxNodes = maxNodes;
	}

	/**
	 * Why this forest cannot be explained here, or {@code null} if it can: every tree
	 * needs its nodes' covers, finite, and positive on split nodes; no path may split on
	 * more than {@value #MAX_PATH_FEATURES} distinct features; and the tables may take at
	 * most {@code maxTableBytes}.
	 */
	public static String whyNot(Forest forest, long maxTableBytes) {
		long tableFloats = 0;
		for (int t = 0; t < forest.trees().size(); t++) {
			Tree tree = forest.trees().get(t);
			if (tree.hessians() == null) {
				return "tree " + t + " has no sum_hessian (node covers)";
			}
			String bad = badCover(tree, 0);
			if (bad != null) {
				return "tree " + t + " " + bad;
			}
			for (Leaf leaf : leaves(tree)) {
				if (leaf.features().length > MAX_PATH_FEATURES) {
					return "tree " + t + " has a path on " + leaf.features().length + " distinct features (at most "
							+ MAX_PATH_FEATURES + ")";
				}
				tableFloats += (long) leaf.features().length << leaf.features().length;
			}
		}
		if (tableFloats * Float.BYTES > maxTableBytes) {
			return "its tables need " + ((tableFloats * Float.BYTES + 1023) >> 10) + " KiB, more than "
					+ (maxTableBytes >> 10) + " KiB (a sixteenth of the heap)";
		}
		return null;
	}

	/** The first node reached from {@code node} whose cover cannot weigh a path. */
	private static String badCover(Tree tree, int node) {
		float cover = tree.hessians()[node];
		if (!Float.isFinite(cover) || cover < 0 || (!tree.isLeaf(node) && !(cover > 0))) {
			return "node " + node + " has cover " + cover;
		}
		if (tree.isLeaf(node)) {
			return null;
		}
		String left = badCover(tree, tree.left()[node]);
		return (left != null) ? left : badCover(tree, tree.right()[node]);
	}

	/** The explainer of a forest that {@link #whyNot} accepts. */
	public static ForestShap of(Forest forest) {
		double bias = CompiledForest.baseMargin(forest.baseScore());
		List<ShapTree> trees = new ArrayList<>();
		int maxNodes = 0;
		for (Tree tree : forest.trees()) {
			bias += meanValue(tree, 0);
			trees.add(ShapTree.of(tree));
			maxNodes = Math.max(maxNodes, tree.size());
		}
		return new ForestShap(forest.numFeature(), bias, trees, maxNodes);
	}

	/** An explainer for the calling thread. */
	public Explainer newExplainer() {
		return new ShapExplainer();
	}

	/** A tree's expected value: the cover-weighted mean of its leaves below a node. */
	private static double meanValue(Tree tree, int node) {
		if (tree.isLeaf(node)) {
			return tree.splitConditions()[node];
		}
		int left = tree.left()[node];
		int right = tree.right()[node];
		return (meanValue(tree, left) * tree.hessians()[left] + meanValue(tree, right) * tree.hessians()[right])
				/ tree.hessians()[node];
	}

	/**
	 * One leaf's path: its split nodes from the root, whether the path goes left at each
	 * (1) or right (0), which of the leaf's distinct features each splits on (an index
	 * into {@code features}), and the cover share {@code z} of each distinct feature.
	 */
	private record Leaf(float value, int[] nodes, int[] left, int[] slots, int[] features, double[] zero) {
	}

	private static List<Leaf> leaves(Tree tree) {
		List<Leaf> leaves = new ArrayList<>();
		collect(tree, 0, new ArrayList<>(), new ArrayList<>(), leaves);
		return leaves;
	}

	private static void collect(Tree tree, int node, List<Integer> path, List<Boolean> directions, List<Leaf> leaves) {
		if (tree.isLeaf(node)) {
			int length = path.size();
			int[] nodes = new int[length];
			int[] left = new int[length];
			int[] slots = new int[length];
			List<Integer> features = new ArrayList<>();
			List<Double> zero = new ArrayList<>();
			for (int i = 0; i < length; i++) {
				int split = path.get(i);
				nodes[i] = split;
				left[i] = directions.get(i) ? 1 : 0;
				int child = (left[i] == 1) ? tree.left()[split] : tree.right()[split];
				double share = (double) tree.hessians()[child] / tree.hessians()[split];
				int feature = tree.splitIndices()[split];
				int slot = features.indexOf(feature);
				if (slot < 0) {
					slot = features.size();
					features.add(feature);
					zero.add(share);
				}
				else {
					zero.set(slot, zero.get(slot) * share);
				}
				slots[i] = slot;
			}
			leaves.add(new Leaf(tree.splitConditions()[node], nodes, left, slots,
					features.stream().mapToInt(Integer::intValue).toArray(),
					zero.stream().mapToDouble(Double::doubleValue).toArray()));
			return;
		}
		path.add(node);
		directions.add(true);
		collect(tree, tree.left()[node], path, directions, leaves);
		directions.set(directions.size() - 1, false);
		collect(tree, tree.right()[node], path, directions, leaves);
		path.remove(path.size() - 1);
		directions.remove(directions.size() - 1);
	}

	/**
	 * A tree laid out for explaining: its split nodes (feature, threshold, default
	 * direction) and its leaves, each as its path and its table of contributions, all in
	 * flat arrays.
	 *
	 * @param leafStart per leaf, where its path starts in {@code pathNodes} (and one more
	 * entry: the end)
	 * @param leafFeatures per leaf, where its distinct features start in {@code features}
	 * (and the end)
	 * @param leafTable per leaf, where its table starts in {@code table}: {@code 2^k}
	 * rows of {@code k}, one per pattern, so that a row's reads for a leaf share a cache
	 * line
	 */
	private record ShapTree(int[] splitFeature, float[] threshold, boolean[] defaultLeft, boolean[] isSplit,
			int[] leafStart, int[] pathNodes, int[] pathLeft, int[] pathSlots, int[] leafFeatures, int[] features,
			int[] leafTable, float[] table) {

		static ShapTree of(Tree tree) {
			List<Leaf> leaves = leaves(tree);
			int[] leafStart = new int[leaves.size() + 1];
			int[] leafFeatures = new int[leaves.size() + 1];
			int[] leafTable = new int[leaves.size() + 1];
			for (int l = 0; l < leaves.size(); l++) {
				Leaf leaf = leaves.get(l);
				int k = leaf.features().length;
				leafStart[l + 1] = leafStart[l] + leaf.nodes().length;
				leafFeatures[l + 1] = leafFeatures[l] + k;
				leafTable[l + 1] = leafTable[l] + (k << k);
			}
			int[] pathNodes = new int[leafStart[leaves.size()]];
			int[] pathLeft = new int[pathNodes.length];
			int[] pathSlots = new int[pathNodes.length];
			int[] features = new int[leafFeatures[leaves.size()]];
			float[] table = new float[leafTable[leaves.size()]];
			for (int l = 0; l < leaves.size(); l++) {
				Leaf leaf = leaves.get(l);
				System.arraycopy(leaf.nodes(), 0, pathNodes, leafStart[l], leaf.nodes().length);
				System.arraycopy(leaf.left(), 0, pathLeft, leafStart[l], leaf.nodes().length);
				System.arraycopy(leaf.slots(), 0, pathSlots, leafStart[l], leaf.nodes().length);
				System.arraycopy(leaf.features(), 0, features, leafFeatures[l], leaf.features().length);
				fillTable(leaf, table, leafTable[l]);
			}
			// the split nodes the root reaches (a deleted node is on no path)
			boolean[] isSplit = new boolean[tree.size()];
			for (int node : pathNodes) {
				isSplit[node] = true;
			}
			return new ShapTree(tree.splitIndices(), tree.splitConditions(), tree.defaultLeft(), isSplit, leafStart,
					pathNodes, pathLeft, pathSlots, leafFeatures, features, leafTable, table);
		}

		/**
		 * A leaf's table: for distinct feature {@code i} and pattern {@code B} (bit
		 * {@code j} set when the row follows the path at feature {@code j}'s splits),
		 * {@code v (o_i - z_i) W_i(B∖{i})} with {@code W_i(M) = Π_{j∉M, j≠i} z_j Σ_s
		 * s!(k-s-1)!/k! e_{|M|-s}(z_M)}, where {@code e_t(z_M)} is the elementary
		 * symmetric polynomial of degree {@code t} of the {@code z} of the features in
		 * {@code M}.
		 */
		private static void fillTable(Leaf leaf, float[] table, int offset) {
			int k = leaf.features().length;
			double[] z = leaf.zero();
			double[] weight = new double[k];
			for (int s = 0; s < k; s++) {
				weight[s] = factorial(s) * factorial(k - s - 1) / factorial(k);
			}
			int patterns = 1 << k;
			// per set of features: the product of their z, and e_0..e_|set| of their z,
			// each from the set without its lowest member
			double[] product = new double[patterns];
			double[][] symmetric = new double[patterns][];
			product[0] = 1;
			symmetric[0] = new double[] { 1 };
			for (int set = 1; set < patterns; set++) {
				int lowest = Integer.numberOfTrailingZeros(set);
				int rest = set & (set - 1);
				product[set] = product[rest] * z[lowest];
				double[] previous = symmetric[rest];
				double[] e = new double[previous.length + 1];
				for (int t = 0; t < e.length; t++) {
					e[t] = ((t < previous.length) ? previous[t] : 0) + ((t > 0) ? z[lowest] * previous[t - 1] : 0);
				}
				symmetric[set] = e;
			}
			for (int i = 0; i < k; i++) {
				for (int pattern = 0; pattern < patterns; pattern++) {
					int others = pattern & ~(1 << i);
					int outside = (patterns - 1) & ~(others | (1 << i));
					double[] e = symmetric[others];
					int size = e.length - 1;
					double sum = 0;
					for (int s = 0; s <= size; s++) {
						sum += weight[s] * e[size - s];
					}
					double o = ((pattern & (1 << i)) != 0) ? 1 : 0;
					table[offset + pattern * k + i] = (float) (leaf.value() * (o - z[i]) * product[outside] * sum);
				}
			}
		}

		private static double factorial(int n) {
			double f = 1;
			for (int i = 2; i <= n; i++) {
				f *= i;
			}
			return f;
		}

	}

	/**
	 * A thread's explainer. Rows go through the forest {@value #BLOCK} at a time, tree by
	 * tree: a leaf's table is read for every row of the block while it is in the cache
	 * (the tables of a large forest are megabytes, and one row reads one line of each
	 * leaf's).
	 */
	private final class ShapExplainer implements Explainer {

		/**
		 * Per split node and row of the block, 1 if the row goes left there, 0 if right.
		 */
		private final int[] goesLeft = new int[ForestShap.this.maxNodes * BLOCK];

		/** Per row of the block, its contributions so far, feature by feature. */
		private final double[] sums = new double[BLOCK * ForestShap.this.featureCount];

		@Override
		public float[] contributions(float[] features, int rows) {
			int count = ForestShap.this.featureCount;
			int width = count + 1;
			float[] contributions = new float[rows * width];
			for (int first = 0; first < rows; first += BLOCK) {
				explainBlock(features, first, Math.min(BLOCK, rows - first), contributions);
			}
			return contributions;
		}

		private void explainBlock(float[] features, int firstRow, int block, float[] contributions) {
			int count = ForestShap.this.featureCount;
			double[] sums = this.sums;
			int[] goesLeft = this.goesLeft;
			java.util.Arrays.fill(sums, 0);
			for (ShapTree tree : ForestShap.this.trees) {
				int[] splitFeature = tree.splitFeature();
				float[] threshold = tree.threshold();
				boolean[] defaultLeft = tree.defaultLeft();
				boolean[] isSplit = tree.isSplit();
				for (int node = 0; node < isSplit.length; node++) {
					if (isSplit[node]) {
						int feature = splitFeature[node];
						for (int r = 0; r < block; r++) {
							float value = features[(firstRow + r) * count + feature];
							goesLeft[node * BLOCK
									+ r] = (Float.isNaN(value) ? defaultLeft[node] : value < threshold[node]) ? 1 : 0;
						}
					}
				}
				int[] leafStart = tree.leafStart();
				int[] leafFeatures = tree.leafFeatures();
				int[] leafTable = tree.leafTable();
				int[] pathNodes = tree.pathNodes();
				int[] pathLeft = tree.pathLeft();
				int[] pathSlots = tree.pathSlots();
				int[] featureOf = tree.features();
				float[] table = tree.table();
				int leaves = leafStart.length - 1;
				for (int leaf = 0; leaf < leaves; leaf++) {
					int first = leafFeatures[leaf];
					int k = leafFeatures[leaf + 1] - first;
					int start = leafStart[leaf];
					int end = leafStart[leaf + 1];
					for (int r = 0; r < block; r++) {
						int pattern = (1 << k) - 1;
						// branch-free: whether a row follows a path is as good as random
						for (int p = start; p < end; p++) {
							pattern &= ~((goesLeft[pathNodes[p] * BLOCK + r] ^ pathLeft[p]) << pathSlots[p]);
						}
						int at = leafTable[leaf] + pattern * k;
						int sum = r * count;
						for (int i = 0; i < k; i++) {
							sums[sum + featureOf[first + i]] += table[at + i];
						}
					}
				}
			}
			int width = count + 1;
			for (int r = 0; r < block; r++) {
				int out = (firstRow + r) * width;
				for (int column = 0; column < count; column++) {
					contributions[out + column] = (float) sums[r * count + column];
				}
				contributions[out + count] = (float) ForestShap.this.bias;
			}
		}

		@Override
		public int featureCount() {
			return ForestShap.this.featureCount;
		}

		@Override
		public void close() {
		}

	}

}
