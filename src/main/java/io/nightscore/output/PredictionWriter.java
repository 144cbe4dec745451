package io.nightscore.output;

import java.util.ArrayList;
import java.util.List;

import io.nightscore.scoring.ScoreReason;
import io.nightscore.scoring.ScoredBlock;
import io.nightscore.scoring.ShapSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes the scored blocks of a chunk: their predictions by binary COPY into the run's
 * partition, their rejected rows into {@code scoring_reject}, and the reasons of their
 * explained rows and their rows of the SHAP sample through {@link ExplanationRepository}.
 * A pure sink: it scores nothing and knows nothing of where the rows were read.
 *
 * <p>
 * Transaction: both writes join the chunk's transaction, which also saves the reader's
 * position and this writer's own, so a chunk is either wholly written and checkpointed or
 * not at all. Restart: {@link #open} first deletes the predictions and rejects of this
 * writer's rows beyond its saved position. There are none after a kill or a rollback;
 * there are after a commit whose outcome the job never learned (the connection died
 * during COMMIT, the step ended {@code UNKNOWN}), and deleting them makes the resumed
 * range exactly-once. The time spent encoding and writing is kept under
 * {@value #WRITE_NANOS_KEY}. Not thread-safe: it owns a reusable COPY buffer; one writer
 * per partition.
 */
public class PredictionWriter implements ItemStreamWriter<ScoredBlock> {

	/**
	 * The execution-context key of the nanoseconds spent encoding and writing, over all
	 * attempts.
	 */
	public static final String WRITE_NANOS_KEY = "predictionWriter.writeNanos";

	/**
	 * The execution-context key of the 0-based end (exclusive) of the rows written in
	 * committed chunks, within the file.
	 */
	static final String WRITTEN_KEY = "predictionWriter.writtenEndRow";

	private static final Logger logger = LoggerFactory.getLogger(PredictionWriter.class);

	private final PredictionPartitions partitions;

	private final RejectRepository rejects;

	private final long runId;

	private final List<String> filePaths;

	private final RowRange range;

	private final PredictionCopyEncoder encoder = new PredictionCopyEncoder();

	private final ExplanationRepository explanations;

	private final ExplanationRepository.Batch explained = new ExplanationRepository.Batch();

	private final CommittedScores committedScores;

	/** Where this writer's committed scores are kept, from {@link #open} on. */
	private CommittedScores.Partition committed;

	private long writtenEndRow;

	private long writeNanos;

	/**
	 * A writer for the rows of {@code range}.
	 * @param filePaths the run's input files, indexed as in its snapshot
	 */
	public PredictionWriter(PredictionPartitions partitions, RejectRepository rejects, long runId,
			List<String> filePaths, RowRange range) {
		this(partitions, rejects, null, null, runId, filePaths, range);
	}

	/**
	 * A writer for the rows of {@code range} that also stores explanations and keeps its
	 * committed scores for the run's statistics.
	 * @param explanations where reasons and the SHAP sample go, or {@code null} when the
	 * run explains nothing
	 * @param committedScores where the scores of committed chunks are kept, or
	 * {@code null} for nowhere
	 * @param filePaths the run's input files, indexed as in its snapshot
	 */
	public PredictionWriter(PredictionPartitions partitions, RejectRepository rejects,
			ExplanationRepository explanations, CommittedScores committedScores, long runId, List<String> filePaths,
			RowRange range) {
		this.explanations = explanations;
		this.committedScores = committedScores;
		this.partitions = partitions;
		this.rejects = rejects;
		this.runId = runId;
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
		this.writeNanos = context.getLong(WRITE_NANOS_KEY, 0L);
		this.writtenEndRow = context.getLong(WRITTEN_KEY, this.range.firstRow());
		if (this.committedScores != null) {
			this.committed = this.committedScores.start(this.runId, this.range,
					this.writtenEndRow == this.range.firstRow());
		}
		if (this.writtenEndRow < this.range.endRow()) {
			String file = this.filePaths.get(this.range.fileIndex());
			int predictions = this.partitions.deleteRows(this.runId, this.range.fileIndex(), this.writtenEndRow + 1,
					this.range.endRow());
			int rejected = this.rejects.deleteRows(this.runId, file, this.writtenEndRow + 1, this.range.endRow());
			if (this.explanations != null) {
				this.explanations.deleteRows(this.runId, this.range.fileIndex(), this.writtenEndRow + 1,
						this.range.endRow());
			}
			if (predictions + rejected > 0) {
				logger.warn(
						"Run {}: deleted {} predictions and {} rejects of rows {} to {} of {}, written by a commit"
								+ " that was never confirmed; scoring those rows again",
						this.runId, predictions, rejected, this.writtenEndRow + 1, this.range.endRow(), file);
			}
		}
	}

	@Override
	public void write(Chunk<? extends ScoredBlock> chunk) {
		for (ScoredBlock block : chunk) {
			write(block);
		}
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(WRITE_NANOS_KEY, this.writeNanos);
		context.putLong(WRITTEN_KEY, this.writtenEndRow);
	}

	private void write(ScoredBlock block) {
		long started = System.nanoTime();
		this.encoder.begin();
		this.encoder.addScored(block);
		this.encoder.finish();
		List<RejectRepository.Reject> rejected = new ArrayList<>(block.rejectedRows());
		for (int row = 0; row < block.rows(); row++) {
			String reason = block.rejectReason(row);
			if (reason != null) {
				rejected.add(new RejectRepository.Reject(this.filePaths.get(block.fileIndex()), block.rowNumber(row),
						block.customerId(row), reason));
			}
		}
		if (block.rows() > block.rejectedRows()) {
			this.partitions.copy(this.runId, this.encoder);
		}
		this.rejects.insert(this.runId, rejected);
		if (this.explanations != null) {
			writeExplanations(block);
		}
		if (this.committed != null) {
			this.committed.add(block);
		}
		this.writtenEndRow = block.lastRowNumber();
		this.writeNanos += System.nanoTime() - started;
	}

	private void writeExplanations(ScoredBlock block) {
		this.explained.begin(this.runId);
		for (int row = 0; row < block.rows(); row++) {
			List<ScoreReason> reasons = block.reasons(row);
			if (!reasons.isEmpty() && block.rejectReason(row) == null) {
				this.explained.addReasons(block.customerId(row), block.fileIndex(), block.rowNumber(row), reasons);
			}
		}
		ShapSample sample = block.shapSample();
		if (sample != null) {
			for (int i = 0; i < sample.size(); i++) {
				this.explained.addSample(block.fileIndex(), block.rowNumber(sample.rows()[i]), sample.contributions(),
						i * sample.width(), sample.width());
			}
		}
		this.explanations.copy(this.explained);
	}

}
