package io.nightscore.input;

import java.util.Arrays;

/**
 * The first non-finite feature of each row of a block, as the feature readers find them;
 * nothing is allocated until one is found. Not thread-safe: one per block.
 */
final class NonFiniteMarks {

	private final int rows;

	private int[] marks;

	NonFiniteMarks(int rows) {
		this.rows = rows;
	}

	/**
	 * Mark {@code feature} of {@code row} as not finite, unless the row already has an
	 * earlier feature marked.
	 */
	void mark(int row, int feature) {
		if (this.marks == null) {
			this.marks = new int[this.rows];
			Arrays.fill(this.marks, -1);
		}
		if (this.marks[row] < 0 || feature < this.marks[row]) {
			this.marks[row] = feature;
		}
	}

	/** Per row, its first non-finite feature or -1; {@code null} when there is none. */
	int[] marks() {
		return this.marks;
	}

}
