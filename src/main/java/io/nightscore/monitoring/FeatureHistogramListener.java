package io.nightscore.monitoring;

import io.nightscore.input.CustomerBlock;

import io.nightscore.scoring.ScoredBlock;

import org.springframework.batch.core.listener.ItemProcessListener;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * Counts a partition's scored rows into per-feature histograms against the run's
 * reference edges, as each block comes out of the scoring processor (the block as read
 * gives the features, the {@link ScoredBlock} which rows were rejected), and keeps the
 * counts in the partition's execution context under {@value #COUNTS_KEY}; the publish
 * step merges the partitions'.
 *
 * <p>
 * Transaction and restart: the counts are saved with the chunk that added them (the step
 * saves its execution context in the chunk's transaction), so a restarted partition
 * resumes with the counts of its committed chunks and counts each row once. Cost: one
 * binary search per value over about ten edges, no sort. Not thread-safe: one per
 * partition (step scope).
 */
public class FeatureHistogramListener implements ItemProcessListener<CustomerBlock, ScoredBlock>, ItemStream {

	/** The partition execution-context key of the encoded counts. */
	public static final String COUNTS_KEY = "featureHistograms.counts";

	private final ReferenceEdges edges;

	private FeatureHistograms histograms;

	public FeatureHistogramListener(ReferenceEdges edges) {
		this.edges = edges;
		this.histograms = new FeatureHistograms(edges);
	}

	@Override
	public void open(ExecutionContext context) {
		this.histograms = context.containsKey(COUNTS_KEY)
				? FeatureHistograms.decode(this.edges, context.getString(COUNTS_KEY))
				: new FeatureHistograms(this.edges);
	}

	@Override
	public void afterProcess(CustomerBlock item, ScoredBlock result) {
		if (result != null) {
			this.histograms.add(item, result);
		}
	}

	@Override
	public void update(ExecutionContext context) {
		context.putString(COUNTS_KEY, this.histograms.encode());
	}

}
