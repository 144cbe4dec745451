package io.nightscore.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.ParquetCustomerReader;
import io.nightscore.scoring.ChunkScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Scores each block of a chunk with one XGBoost call and writes its predictions by binary
 * COPY into the run's partition, and its rejected rows into {@code scoring_reject}.
 *
 * <p>
 * Transaction: both writes join the chunk's transaction, which also saves the reader's
 * position, so a chunk is either wholly written and checkpointed or not at all. Restart:
 * {@link #open} first deletes the predictions and rejects of this writer's rows beyond
 * the reader's saved position. There are none after a kill or a rollback; there are after
 * a commit whose outcome the job never learned (the connection died during COMMIT, the
 * step ended {@code UNKNOWN}), and deleting them makes the resumed range exactly-once.
 * The time spent scoring and writing is kept under {@value #SCORE_NANOS_KEY} and
 * {@value #WRITE_NANOS_KEY}. Not thread-safe: it owns a native scorer, created in
 * {@link #open} and freed in {@link #close}, and a reusable COPY buffer; one writer per
 * partition.
 */
public class PredictionWriter implements ItemStreamWriter<CustomerBlock> {

	/** The execution-context key of the nanoseconds spent scoring, over all attempts. */
	public static final String SCORE_NANOS_KEY = "predictionWriter.scoreNanos";

	/**
	 * The execution-context key of the nanoseconds spent encoding and writing, over all
	 * attempts.
	 */
	public static final String WRITE_NANOS_KEY = "predictionWriter.writeNanos";

	private static final Logger logger = LoggerFactory.getLogger(PredictionWriter.class);

	private final Supplier<ChunkScorer> scorers;

	private final PredictionPartitions partitions;

	private final RejectRepository rejects;

	private final long runId;

	private final String modelVersion;

	private final List<String> filePaths;

	private final RowRange range;

	private final PredictionCopyEncoder encoder = new PredictionCopyEncoder();

	private ChunkScorer scorer;

	private long scoreNanos;

	private long writeNanos;

	/**
	 * A writer for the rows of {@code range}.
	 * @param filePaths the run's input files, indexed as in its snapshot
	 */
	public PredictionWriter(Supplier<ChunkScorer> scorers, PredictionPartitions partitions, RejectRepository rejects,
			long runId, String modelVersion, List<String> filePaths, RowRange range) {
		this.scorers = scorers;
		this.partitions = partitions;
		this.rejects = rejects;
		this.runId = runId;
		this.modelVersion = modelVersion;
		this.filePaths = List.copyOf(filePaths);
		this.range = range;
	}

	/**
	 * The rows of one input file that one writer writes: 0-based {@code [firstRow,
	 * endRow)}, stored as 1-based row numbers.
	 */
	public record RowRange(int fileIndex, long firstRow, long endRow) {
	}

	@Override
	public void open(ExecutionContext context) {
		this.scoreNanos = context.getLong(SCORE_NANOS_KEY, 0L);
		this.writeNanos = context.getLong(WRITE_NANOS_KEY, 0L);
		long checkpoint = this.range.firstRow() + context.getLong(ParquetCustomerReader.POSITION_KEY, 0L);
		if (checkpoint < this.range.endRow()) {
			String file = this.filePaths.get(this.range.fileIndex());
			int predictions = this.partitions.deleteRows(this.runId, this.range.fileIndex(), checkpoint + 1,
					this.range.endRow());
			int rejected = this.rejects.deleteRows(this.runId, file, checkpoint + 1, this.range.endRow());
			if (predictions + rejected > 0) {
				logger.warn(
						"Run {}: deleted {} predictions and {} rejects of rows {} to {} of {}, written by a commit"
								+ " that was never confirmed; scoring those rows again",
						this.runId, predictions, rejected, checkpoint + 1, this.range.endRow(), file);
			}
		}
		this.scorer = this.scorers.get();
	}

	@Override
	public void write(Chunk<? extends CustomerBlock> chunk) {
		for (CustomerBlock block : chunk) {
			write(block);
		}
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(SCORE_NANOS_KEY, this.scoreNanos);
		context.putLong(WRITE_NANOS_KEY, this.writeNanos);
	}

	@Override
	public void close() {
		if (this.scorer != null) {
			this.scorer.close();
			this.scorer = null;
		}
	}

	private void write(CustomerBlock block) {
		long started = System.nanoTime();
		int scorable = block.rows() - block.rejectedRows();
		float[] scores = this.scorer.score(block.scorableFeatures(), scorable);
		long scored = System.nanoTime();
		this.encoder.begin(this.runId, this.modelVersion, Instant.now());
		List<RejectRepository.Reject> rejected = new ArrayList<>(block.rejectedRows());
		for (int row = 0, next = 0; row < block.rows(); row++) {
			String reason = block.rejectReason(row);
			if (reason == null) {
				this.encoder.add(block.customerId(row), scores[next++], block.fileIndex(), block.rowNumber(row));
			}
			else {
				rejected.add(new RejectRepository.Reject(this.filePaths.get(block.fileIndex()), block.rowNumber(row),
						block.customerId(row), reason));
			}
		}
		this.encoder.finish();
		if (scorable > 0) {
			this.partitions.copy(this.runId, this.encoder);
		}
		this.rejects.insert(this.runId, rejected);
		this.scoreNanos += scored - started;
		this.writeNanos += System.nanoTime() - scored;
	}

}
