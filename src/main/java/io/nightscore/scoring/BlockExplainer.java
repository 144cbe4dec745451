package io.nightscore.scoring;

import java.util.List;

/**
 * Explains the rows of one scored block that need it, in one {@link Explainer} call: the
 * rows {@link ExplainSelection} picks get {@link ScoreReason}s ({@link TopReasons}), the
 * rows of the global sample keep their full contributions. Rows that need neither cost
 * nothing beyond one comparison.
 *
 * <p>
 * Not thread-safe: it owns its thread's explainer, which {@link #close} hands back.
 */
public final class BlockExplainer implements AutoCloseable {

	private final Explainer explainer;

	private final ExplainSelection selection;

	private final List<String> featureNames;

	private long explainedRows;

	private long explainNanos;

	public BlockExplainer(Explainer explainer, ExplainSelection selection, List<String> featureNames) {
		if (explainer.featureCount() != featureNames.size()) {
			throw new IllegalArgumentException(
					"The explainer has " + explainer.featureCount() + " features, the model " + featureNames.size());
		}
		this.explainer = explainer;
		this.selection = selection;
		this.featureNames = List.copyOf(featureNames);
	}

	/**
	 * Explain the rows of a block that need it.
	 * @param features the block's scored rows, row-major, the model's features in order
	 * @param scores the rows' scores
	 * @param rowNumbers the rows' 1-based row numbers in their input file (they choose
	 * the sample)
	 * @param rows the number of rows
	 */
	public BlockExplanation explain(float[] features, float[] scores, long[] rowNumbers, int rows) {
		boolean[] explained = this.selection.explained(scores, rows);
		int featureCount = this.featureNames.size();
		int[] picked = new int[rows];
		int count = 0;
		for (int row = 0; row < rows; row++) {
			if (explained[row] || this.selection.sampled(rowNumbers[row])) {
				picked[count++] = row;
			}
		}
		ScoreReason[][] reasons = new ScoreReason[rows][];
		int width = featureCount + 1;
		if (count == 0) {
			return new BlockExplanation(reasons, new ShapSample(new int[0], new float[0], width));
		}
		long started = System.nanoTime();
		float[] gathered = new float[count * featureCount];
		for (int i = 0; i < count; i++) {
			System.arraycopy(features, picked[i] * featureCount, gathered, i * featureCount, featureCount);
		}
		float[] contributions = this.explainer.contributions(gathered, count);
		int sampled = 0;
		for (int i = 0; i < count; i++) {
			if (this.selection.sampled(rowNumbers[picked[i]])) {
				sampled++;
			}
		}
		int[] sampleRows = new int[sampled];
		float[] sampleContributions = new float[sampled * width];
		for (int i = 0, s = 0; i < count; i++) {
			int row = picked[i];
			if (explained[row]) {
				reasons[row] = TopReasons.of(contributions, gathered, i, this.featureNames);
			}
			if (this.selection.sampled(rowNumbers[row])) {
				sampleRows[s] = row;
				System.arraycopy(contributions, i * width, sampleContributions, s * width, width);
				s++;
			}
		}
		this.explainedRows += count;
		this.explainNanos += System.nanoTime() - started;
		return new BlockExplanation(reasons, new ShapSample(sampleRows, sampleContributions, width));
	}

	/** Rows explained so far (reason codes and sample together). */
	public long explainedRows() {
		return this.explainedRows;
	}

	/** Nanoseconds spent explaining so far. */
	public long explainNanos() {
		return this.explainNanos;
	}

	@Override
	public void close() {
		this.explainer.close();
	}

}
