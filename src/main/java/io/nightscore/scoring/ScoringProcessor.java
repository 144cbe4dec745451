package io.nightscore.scoring;

import io.nightscore.input.CustomerBlock;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The scoring stage: scores a checked {@link CustomerBlock}'s rows that were not rejected
 * with one call of the model's engine and turns the block into a {@link ScoredBlock}.
 *
 * <p>
 * Not thread-safe: it owns one {@link Scorer}, made in {@link #open} and released in
 * {@link #close}; one processor per partition, on the partition's thread. It writes
 * nothing and needs no transaction; on restart it simply scores the blocks it is given.
 * The time spent scoring, over all attempts, is kept under {@value #SCORE_NANOS_KEY}.
 */
public class ScoringProcessor implements ItemProcessor<CustomerBlock, ScoredBlock>, ItemStream {

	/** The execution-context key of the nanoseconds spent scoring, over all attempts. */
	public static final String SCORE_NANOS_KEY = "scoringProcessor.scoreNanos";

	private final ScoringModel model;

	private Scorer scorer;

	private long scoreNanos;

	public ScoringProcessor(ScoringModel model) {
		this.model = model;
	}

	@Override
	public void open(ExecutionContext context) {
		this.scoreNanos = context.getLong(SCORE_NANOS_KEY, 0L);
		this.scorer = this.model.newScorer();
	}

	@Override
	public ScoredBlock process(CustomerBlock block) {
		long started = System.nanoTime();
		int rows = block.rows();
		float[] scorable = this.scorer.score(block.scorableFeatures(), rows - block.rejectedRows());
		float[] scores = scorable;
		String[] customerIds = new String[rows];
		String[] rejectReasons = null;
		if (block.rejectedRows() > 0) {
			scores = new float[rows];
			rejectReasons = new String[rows];
		}
		for (int row = 0, next = 0; row < rows; row++) {
			customerIds[row] = block.customerId(row);
			if (rejectReasons != null) {
				rejectReasons[row] = block.rejectReason(row);
				scores[row] = (rejectReasons[row] == null) ? scorable[next++] : Float.NaN;
			}
		}
		this.scoreNanos += System.nanoTime() - started;
		return new ScoredBlock(block.fileIndex(), block.rowNumber(0), customerIds, scores, rejectReasons, null);
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(SCORE_NANOS_KEY, this.scoreNanos);
	}

	@Override
	public void close() {
		if (this.scorer != null) {
			this.scorer.close();
			this.scorer = null;
		}
	}

}
