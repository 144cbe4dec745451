package io.nightscore.scoring.forest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a tree's categorical splits as XGBoost4J will read them, which it does without
 * bounds: each node of split type 1 is listed in {@code categories_nodes}, in order, and
 * its segment of {@code categories} ({@code categories_segments},
 * {@code categories_sizes}) is not empty and lies inside the array, and every category is
 * one XGBoost can hold (0 to 2^24 - 1). A segment outside the array crashes the JVM; a
 * negative or huge category makes XGBoost allocate a bit set as large as its value.
 * Stateless.
 */
final class CategoricalSplits {

	/** XGBoost's largest category: a float holds integers exactly up to 2^24. */
	static final int MAX_CATEGORY = (1 << 24) - 1;

	private CategoricalSplits() {
	}

	static void check(ModelDocument doc, String where, Map<String, Object> json, int[] splitType) {
		List<Long> categorical = new ArrayList<>();
		for (int node = 0; node < splitType.length; node++) {
			if (splitType[node] == 1) {
				categorical.add((long) node);
			}
		}
		NumArray nodes = numbers(doc, json, "categories_nodes", where);
		List<Long> listed = new ArrayList<>();
		boolean integers = true;
		for (int i = 0; i < nodes.length(); i++) {
			integers &= nodes.get(i) == Math.rint(nodes.get(i));
			listed.add((long) nodes.get(i));
		}
		if (!integers || !listed.equals(categorical)) {
			throw doc.refused(where + " categories_nodes lists nodes " + ModelDocument.abbreviate(listed.toString())
					+ " but nodes " + ModelDocument.abbreviate(categorical.toString()) + " have split type 1");
		}
		NumArray segments = numbers(doc, json, "categories_segments", where);
		NumArray sizes = numbers(doc, json, "categories_sizes", where);
		NumArray categories = numbers(doc, json, "categories", where);
		if (segments.length() != listed.size() || sizes.length() != listed.size()) {
			throw doc.refused(where + " has " + listed.size() + " categorical splits but " + segments.length()
					+ " categories_segments and " + sizes.length() + " categories_sizes");
		}
		for (int i = 0; i < listed.size(); i++) {
			String at = where + " node " + listed.get(i);
			double first = segments.get(i);
			double size = sizes.get(i);
			if (!(size >= 1)) {
				throw doc.refused(at + " is a categorical split with " + size + " categories; it needs at least one");
			}
			if (!(first >= 0) || first + size > categories.length()) {
				throw doc.refused(at + " has categories " + (long) first + " to " + (long) (first + size - 1)
						+ ", outside the tree's " + categories.length() + " categories");
			}
			for (int j = (int) first; j < first + size; j++) {
				double category = categories.get(j);
				if (!(category >= 0 && category <= MAX_CATEGORY) || category != Math.rint(category)) {
					throw doc
						.refused(at + " has category " + (long) category + "; categories are 0 to " + MAX_CATEGORY);
				}
			}
		}
	}

	/** An array XGBoost reads whenever a tree has split types; absent is empty. */
	private static NumArray numbers(ModelDocument doc, Map<String, Object> json, String key, String where) {
		return json.containsKey(key) ? doc.numbers(json, key, where, -1) : new NumArray(new double[0]);
	}

}
