package io.nightscore.monitoring;

import io.nightscore.input.CustomerBlock;
import io.nightscore.scoring.ScoredBlock;

import org.springframework.batch.core.listener.ItemProcessListener;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * Counts a partition's scored rows into per-feature histograms and a score histogram
 * against the run's reference edges, as each block comes out of the scoring processor
 * (the block as read gives the features, the {@link ScoredBlock} the scores and which
 * rows were rejected), and keeps the counts in the partition's execution context under
 * {@value #COUNTS_KEY} and {@value #SCORE_COUNTS_KEY}; the publish step merges the
 * partitions', so it need not bin a million scores in SQL.
 *
 * <p>
 * Transaction and restart: the counts are saved with the chunk that added them (the step
 * saves its execution context in the chunk's transaction), so a restarted partition
 * resumes with the counts of its committed chunks and counts each row once. A run whose
 * score edges are its own deciles (known only once it is loaded) counts no scores here.
 * Cost: one binary search per value over about ten edges, no sort. Not thread-safe: one
 * per partition (step scope).
 */
public class HistogramListener implements ItemProcessListener<CustomerBlock, ScoredBlock>, ItemStream {

	/** The partition execution-context key of the encoded feature counts. */
	public static final String COUNTS_KEY = "featureHistograms.counts";

	/** The partition execution-context key of the encoded score counts. */
	public static final String SCORE_COUNTS_KEY = "scoreHistogram.counts";

	private final ReferenceEdges edges;

	private FeatureHistograms histograms;

	private Histogram scores;

	public HistogramListener(ReferenceEdges edges) {
		this.edges = edges;
		this.histograms = new FeatureHistograms(edges);
		this.scores = countsScores() ? new Histogram(edges.score()) : null;
	}

	@Override
	public void open(ExecutionContext context) {
		this.histograms = context.containsKey(COUNTS_KEY)
				? FeatureHistograms.decode(this.edges, context.getString(COUNTS_KEY))
				: new FeatureHistograms(this.edges);
		if (countsScores()) {
			this.scores = context.containsKey(SCORE_COUNTS_KEY)
					? Histogram.decode(this.edges.score(), context.getString(SCORE_COUNTS_KEY))
					: new Histogram(this.edges.score());
		}
	}

	@Override
	public void afterProcess(CustomerBlock item, ScoredBlock result) {
		if (result != null) {
			this.histograms.add(item, result);
			if (this.scores != null) {
				for (int row = 0; row < result.rows(); row++) {
					if (result.rejectReason(row) == null) {
						this.scores.add(result.score(row));
					}
				}
			}
		}
	}

	@Override
	public void update(ExecutionContext context) {
		context.putString(COUNTS_KEY, this.histograms.encode());
		if (this.scores != null) {
			context.putString(SCORE_COUNTS_KEY, this.scores.encode());
		}
	}

	private boolean countsScores() {
		return this.edges.score().length > 0;
	}

}
