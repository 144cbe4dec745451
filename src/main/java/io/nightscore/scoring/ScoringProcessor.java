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
 *
 * <p>
 * With an {@link ExplainSelection}, it also explains the rows the selection picks (and
 * the rows of the run's global SHAP sample) with a {@link BlockExplainer} of its own, in
 * the same pass: only those rows reach the explainer, the others cost one comparison.
 * Rows explained and the time spent explaining are kept under
 * {@value #EXPLAINED_ROWS_KEY} and {@value #EXPLAIN_NANOS_KEY}.
 */
public class ScoringProcessor implements ItemProcessor<CustomerBlock, ScoredBlock>, ItemStream {

	/** The execution-context key of the nanoseconds spent scoring, over all attempts. */
	public static final String SCORE_NANOS_KEY = "scoringProcessor.scoreNanos";

	/** The execution-context key of the rows explained, over all attempts. */
	public static final String EXPLAINED_ROWS_KEY = "scoringProcessor.explainedRows";

	/** The execution-context key of the nanoseconds spent explaining. */
	public static final String EXPLAIN_NANOS_KEY = "scoringProcessor.explainNanos";

	private final ScoringModel model;

	private final ExplainSelection explain;

	private Scorer scorer;

	private BlockExplainer explainer;

	private long scoreNanos;

	private long explainedRowsBefore;

	private long explainNanosBefore;

	/** A processor that scores and explains nothing. */
	public ScoringProcessor(ScoringModel model) {
		this(model, null);
	}

	/**
	 * A processor that scores, and explains the rows {@code explain} picks.
	 * @param explain which rows to explain, or {@code null} for none
	 */
	public ScoringProcessor(ScoringModel model, ExplainSelection explain) {
		this.model = model;
		this.explain = explain;
	}

	@Override
	public void open(ExecutionContext context) {
		this.scoreNanos = context.getLong(SCORE_NANOS_KEY, 0L);
		this.scorer = this.model.newScorer();
		this.explainedRowsBefore = context.getLong(EXPLAINED_ROWS_KEY, 0L);
		this.explainNanosBefore = context.getLong(EXPLAIN_NANOS_KEY, 0L);
		if (this.explain != null) {
			this.explainer = new BlockExplainer(this.model.newExplainer(), this.explain, this.model.featureNames());
		}
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
		if (this.explainer == null) {
			return new ScoredBlock(block.fileIndex(), block.rowNumber(0), customerIds, scores, rejectReasons, null);
		}
		return explain(block, customerIds, scores, rejectReasons, scorable);
	}

	private ScoredBlock explain(CustomerBlock block, String[] customerIds, float[] scores, String[] rejectReasons,
			float[] scorable) {
		int rows = block.rows();
		int[] blockRows = new int[scorable.length];
		long[] rowNumbers = new long[scorable.length];
		for (int row = 0, next = 0; row < rows; row++) {
			if (rejectReasons == null || rejectReasons[row] == null) {
				blockRows[next] = row;
				rowNumbers[next++] = block.rowNumber(row);
			}
		}
		BlockExplanation explanation = this.explainer.explain(block.scorableFeatures(), scorable, rowNumbers,
				scorable.length);
		ScoreReason[][] reasons = new ScoreReason[rows][];
		for (int i = 0; i < scorable.length; i++) {
			reasons[blockRows[i]] = explanation.reasons(i);
		}
		ShapSample sample = explanation.sample();
		int[] sampleRows = new int[sample.size()];
		for (int i = 0; i < sampleRows.length; i++) {
			sampleRows[i] = blockRows[sample.rows()[i]];
		}
		return new ScoredBlock(block.fileIndex(), block.rowNumber(0), customerIds, scores, rejectReasons, reasons,
				new ShapSample(sampleRows, sample.contributions(), sample.width()));
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(SCORE_NANOS_KEY, this.scoreNanos);
		if (this.explainer != null) {
			context.putLong(EXPLAINED_ROWS_KEY, this.explainedRowsBefore + this.explainer.explainedRows());
			context.putLong(EXPLAIN_NANOS_KEY, this.explainNanosBefore + this.explainer.explainNanos());
		}
	}

	@Override
	public void close() {
		if (this.scorer != null) {
			this.scorer.close();
			this.scorer = null;
		}
		if (this.explainer != null) {
			this.explainer.close();
			this.explainer = null;
		}
	}

}
