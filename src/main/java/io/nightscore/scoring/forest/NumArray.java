package io.nightscore.scoring.forest;

/**
 * An array of numbers from a model document, held unboxed: integers exactly (up to 2^53),
 * floats as the float32 values XGBoost stored, widened to double. Booleans are held as 1
 * and 0.
 */
final class NumArray {

	private final double[] values;

	NumArray(double[] values) {
		this.values = values;
	}

	int length() {
		return this.values.length;
	}

	double get(int index) {
		return this.values[index];
	}

}
