package io.nightscore.scoring.forest;

import java.util.Map;

/**
 * Turns one tree of a decoded model into a checked {@link Tree}: all node arrays as long
 * as the tree says, children in range, every node reached from the root at most once (no
 * cycles, no shared nodes, the unreached ones counted as deleted), depth bounded, split
 * features in range, thresholds and leaf values finite. Stateless.
 */
final class TreeChecker {

	/** Deeper trees are refused; XGBoost's own trees stay far below this. */
	static final int MAX_DEPTH = 1024;

	private static final int ROOT_PARENT = Integer.MAX_VALUE;

	private TreeChecker() {
	}

	static Tree check(ModelDocument doc, int treeIndex, Map<String, Object> json, int numFeature) {
		String where = "tree " + treeIndex;
		Object id = json.get("id");
		if (id != null && !(id instanceof Number number && number.doubleValue() == treeIndex)) {
			// XGBoost places each tree by its id: a repeated id leaves a tree unset and
			// crashes it
			String shown = (id instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue()))
					? Long.toString(number.longValue()) : ModelDocument.abbreviate(String.valueOf(id));
			throw doc.refused(where + " has id " + shown + "; trees must be numbered 0, 1, 2, ... in order");
		}
		int nodes = doc.intString(doc.object(json, "tree_param", where), "num_nodes", where, 1, Integer.MAX_VALUE);
		int deleted = doc.intString(doc.object(json, "tree_param", where), "num_deleted", where, 0, nodes, 0);
		int[] left = ints(doc, json, "left_children", where, nodes);
		int[] right = ints(doc, json, "right_children", where, nodes);
		int[] splitIndices = ints(doc, json, "split_indices", where, nodes);
		float[] conditions = floats(doc, json, "split_conditions", where, nodes);
		boolean[] defaultLeft = booleans(doc, json, "default_left", where, nodes);
		float[] hessians = json.containsKey("sum_hessian") ? floats(doc, json, "sum_hessian", where, nodes) : null;
		int[] parents = json.containsKey("parents") ? ints(doc, json, "parents", where, nodes) : null;
		int[] splitType = json.containsKey("split_type") ? ints(doc, json, "split_type", where, nodes) : null;
		boolean categorical = false;

		boolean[] reached = new boolean[nodes];
		int[] stack = new int[nodes];
		int[] depthOf = new int[nodes];
		int top = 0;
		stack[top++] = 0;
		reached[0] = true;
		int reachable = 0;
		int maxDepth = 0;
		if (parents != null && parents[0] != ROOT_PARENT && parents[0] != -1) {
			throw doc.refused(where + " node 0 is the root but names parent " + parents[0]);
		}
		while (top > 0) {
			int node = stack[--top];
			reachable++;
			String at = where + " node " + node;
			if (left[node] == -1 || right[node] == -1) {
				if (left[node] != right[node]) {
					throw doc.refused(at + " has one child (left " + left[node] + ", right " + right[node]
							+ "); a node has two children or none");
				}
				if (!Float.isFinite(conditions[node])) {
					throw doc.refused(at + " has leaf value " + conditions[node] + "; leaf values must be finite");
				}
				continue;
			}
			if (splitType != null && splitType[node] != 0) {
				if (splitType[node] != 1) {
					throw doc.refused(at + " has split type " + splitType[node] + "; XGBoost knows 0 (numeric) and 1"
							+ " (categorical)");
				}
				categorical = true;
			}
			else if (!Float.isFinite(conditions[node])) {
				throw doc.refused(at + " has split threshold " + conditions[node] + "; thresholds must be finite");
			}
			if (splitIndices[node] < 0 || splitIndices[node] >= numFeature) {
				throw doc.refused(at + " splits on feature index " + splitIndices[node] + ", but the model has "
						+ numFeature + " features (0 to " + (numFeature - 1) + ")");
			}
			for (int child : new int[] { left[node], right[node] }) {
				String side = (child == left[node]) ? "left" : "right";
				if (child < 0 || child >= nodes) {
					throw doc.refused(at + " has " + side + " child " + child + ", outside the tree's " + nodes
							+ " nodes (0 to " + (nodes - 1) + ")");
				}
				if (reached[child]) {
					throw doc.refused(at + " leads to node " + child + ", which is already reached from the root"
							+ " (a cycle or a shared node); every tree must be a tree");
				}
				if (parents != null && parents[child] != node) {
					throw doc.refused(where + " node " + child + " is a child of node " + node + " but names parent "
							+ parents[child]);
				}
				reached[child] = true;
				depthOf[child] = depthOf[node] + 1;
				if (depthOf[child] > MAX_DEPTH) {
					throw doc.refused(where + " is deeper than " + MAX_DEPTH + " levels at node " + child);
				}
				maxDepth = Math.max(maxDepth, depthOf[child]);
				stack[top++] = child;
			}
		}
		if (nodes - reachable != deleted) {
			int unreached = 0;
			while (reached[unreached]) {
				unreached++;
			}
			throw doc.refused(where + " node " + unreached + " is not reached from the root (" + (nodes - reachable)
					+ " unreached nodes, " + deleted + " deleted)");
		}
		if (splitType != null) {
			CategoricalSplits.check(doc, where, json, splitType);
		}
		return new Tree(left, right, splitIndices, conditions, defaultLeft, hessians, categorical, maxDepth, reachable);
	}

	private static int[] ints(ModelDocument doc, Map<String, Object> json, String key, String where, int nodes) {
		NumArray array = doc.numbers(json, key, where, nodes);
		int[] values = new int[nodes];
		for (int i = 0; i < nodes; i++) {
			double value = array.get(i);
			if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
				throw doc.refused(where + " node " + i + " has " + key + " " + value + ", not an integer");
			}
			values[i] = (int) value;
		}
		return values;
	}

	private static float[] floats(ModelDocument doc, Map<String, Object> json, String key, String where, int nodes) {
		NumArray array = doc.numbers(json, key, where, nodes);
		float[] values = new float[nodes];
		for (int i = 0; i < nodes; i++) {
			values[i] = (float) array.get(i);
		}
		return values;
	}

	private static boolean[] booleans(ModelDocument doc, Map<String, Object> json, String key, String where,
			int nodes) {
		NumArray array = doc.numbers(json, key, where, nodes);
		boolean[] values = new boolean[nodes];
		for (int i = 0; i < nodes; i++) {
			double value = array.get(i);
			if (value != 0 && value != 1) {
				throw doc.refused(where + " node " + i + " has " + key + " " + value + "; it must be 0 or 1");
			}
			values[i] = value == 1;
		}
		return values;
	}

}
