package io.nightscore.scoring.compiled;

import io.nightscore.scoring.forest.Forest;

/**
 * Decides whether a checked forest can be scored by the {@link CompiledForest}, and says
 * why not when it cannot: categorical splits, dart weights other than 1, trees too deep
 * to pad to complete trees, or a layout too large for the heap. Stateless.
 */
public final class CompiledSupport {

	/** Deepest tree the layout pads to a complete tree (2^16 leaves). */
	static final int MAX_DEPTH = 16;

	private CompiledSupport() {
	}

	/**
	 * @param maxHeap the JVM's maximum heap in bytes; the layout may take an eighth of it
	 * @return why the compiled engine cannot score this forest, or {@code null} if it can
	 */
	public static String whyNot(Forest forest, long maxHeap) {
		if (forest.hasCategoricalSplits()) {
			return "the model has categorical splits";
		}
		if (forest.numClass() > 1) {
			return "the model has " + forest.numClass() + " classes";
		}
		if (forest.weightDrop() != null) {
			for (int t = 0; t < forest.weightDrop().length; t++) {
				if (forest.weightDrop()[t] != 1.0f) {
					return "it is a dart model and tree " + t + " has weight " + forest.weightDrop()[t];
				}
			}
		}
		long slots = 0;
		for (int t = 0; t < forest.trees().size(); t++) {
			int depth = forest.trees().get(t).depth();
			if (depth > MAX_DEPTH) {
				return "tree " + t + " is " + depth + " levels deep (the compiled layout pads trees of up to "
						+ MAX_DEPTH + ")";
			}
			slots += (2L << CompiledForest.paddedDepth(forest.trees().get(t))) - 1;
		}
		long bytes = slots * (Integer.BYTES + Float.BYTES);
		if (slots > Integer.MAX_VALUE - 8 || bytes > maxHeap / 8) {
			return "its padded layout needs " + (bytes >> 20) + " MiB, more than an eighth of the " + (maxHeap >> 20)
					+ " MiB heap";
		}
		return null;
	}

	/** The slots (padded nodes) of the compiled layout of a forest. */
	public static long slots(Forest forest) {
		long slots = 0;
		for (int t = 0; t < forest.trees().size(); t++) {
			slots += (2L << CompiledForest.paddedDepth(forest.trees().get(t))) - 1;
		}
		return slots;
	}

	/** The compiled layout of a forest {@link #whyNot} accepts. */
	public static CompiledForest compile(Forest forest) {
		return CompiledForest.compile(forest);
	}

}
