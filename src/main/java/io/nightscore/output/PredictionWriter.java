package io.nightscore.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.nightscore.input.CustomerRow;
import io.nightscore.scoring.ChunkScorer;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Scores a whole chunk with one XGBoost call and writes its predictions by binary COPY
 * into the run's partition, and its rejected rows into {@code scoring_reject}.
 *
 * <p>
 * Transaction: both writes join the chunk's transaction, which also saves the reader's
 * position, so a chunk is either wholly written and checkpointed or not at all. Not
 * thread-safe: it owns a native scorer, created in {@link #open} and freed in
 * {@link #close}; one writer per partition. Stateless across restarts.
 */
public class PredictionWriter implements ItemStreamWriter<CustomerRow> {

	private final Supplier<ChunkScorer> scorers;

	private final PredictionPartitions partitions;

	private final RejectRepository rejects;

	private final long runId;

	private final String modelVersion;

	private final List<String> filePaths;

	private final PredictionCopyEncoder encoder = new PredictionCopyEncoder();

	private ChunkScorer scorer;

	public PredictionWriter(Supplier<ChunkScorer> scorers, PredictionPartitions partitions, RejectRepository rejects,
			long runId, String modelVersion, List<String> filePaths) {
		this.scorers = scorers;
		this.partitions = partitions;
		this.rejects = rejects;
		this.runId = runId;
		this.modelVersion = modelVersion;
		this.filePaths = List.copyOf(filePaths);
	}

	@Override
	public void open(ExecutionContext context) {
		this.scorer = this.scorers.get();
	}

	@Override
	public void write(Chunk<? extends CustomerRow> chunk) {
		List<CustomerRow> rows = new ArrayList<>(chunk.size());
		List<RejectRepository.Reject> rejected = new ArrayList<>();
		for (CustomerRow row : chunk) {
			if (row.rejected()) {
				rejected.add(new RejectRepository.Reject(this.filePaths.get(row.fileIndex()), row.rowNumber(),
						row.customerId(), row.rejectReason()));
			}
			else {
				rows.add(row);
			}
		}
		int width = this.scorer.featureCount();
		float[] matrix = new float[rows.size() * width];
		for (int i = 0; i < rows.size(); i++) {
			System.arraycopy(rows.get(i).features(), 0, matrix, i * width, width);
		}
		float[] scores = this.scorer.score(matrix, rows.size());
		this.encoder.begin(this.runId, this.modelVersion, Instant.now());
		for (int i = 0; i < rows.size(); i++) {
			CustomerRow row = rows.get(i);
			this.encoder.add(row.customerId(), scores[i], row.fileIndex(), row.rowNumber());
		}
		if (!rows.isEmpty()) {
			this.partitions.copy(this.runId, this.encoder.finish());
		}
		this.rejects.insert(this.runId, rejected);
	}

	@Override
	public void close() {
		if (this.scorer != null) {
			this.scorer.close();
			this.scorer = null;
		}
	}

}
