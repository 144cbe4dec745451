package io.nightscore.job;

import io.nightscore.ContractException;
import io.nightscore.input.InputFile;
import io.nightscore.output.PredictionWriter.RowRange;
import io.nightscore.output.RiskBand;
import io.nightscore.scoring.ExplainSelection;
import io.nightscore.scoring.ModelCache;
import io.nightscore.scoring.ScoringModel;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What one score partition works on, read once from its step execution when the partition
 * starts: its run, its row range of one input file, the run's model and the rows per
 * chunk. The partition's reader, processors and writer are made from it.
 */
class ScorePartition {

	private final RunContext run;

	private final RowRange range;

	private final ScoringModel model;

	private final int chunkSize;

	ScorePartition(StepExecution partition, ModelCache models, int chunkSize) {
		this.run = RunContext.of(partition.getJobExecution());
		ExecutionContext context = partition.getExecutionContext();
		this.range = new RowRange(context.getInt(JobNames.FILE_INDEX_KEY), context.getLong(JobNames.FIRST_ROW_KEY),
				context.getLong(JobNames.END_ROW_KEY));
		// a remote worker did not run the prepare step: check the file is the run's model
		this.model = models.load(this.run.modelPath(), this.run.parameters().getString(JobNames.MODEL_VERSION),
				this.run.modelSha256());
		if (!this.model.sha256().equals(this.run.modelSha256())) {
			throw new ContractException("Model " + this.model.file() + " has sha256 " + this.model.sha256()
					+ ", but run " + this.run.runId() + " started with " + this.run.modelSha256()
					+ " (changed since, or another file at this path on this worker): restore it, or start the date"
					+ " afresh with --rerun");
		}
		this.chunkSize = chunkSize;
	}

	RunContext run() {
		return this.run;
	}

	RowRange range() {
		return this.range;
	}

	InputFile file() {
		return this.run.snapshot().files().get(this.range.fileIndex());
	}

	ScoringModel model() {
		return this.model;
	}

	int chunkSize() {
		return this.chunkSize;
	}

	/**
	 * Which rows to explain: the high risk band, or the riskiest fraction of each chunk
	 * ({@link JobNames#EXPLAIN_TOP}), and every N-th row for the run's global SHAP
	 * sample; {@code null} when the run explains nothing.
	 */
	ExplainSelection explainSelection() {
		Long sampleRows = this.run.parameters().getLong(JobNames.SHAP_SAMPLE);
		long totalRows = this.run.snapshot().files().stream().mapToLong(InputFile::rows).sum();
		long stride = ExplainSelection.strideFor(totalRows,
				(int) Math.min(Integer.MAX_VALUE, (sampleRows != null) ? sampleRows : JobNames.DEFAULT_SHAP_SAMPLE));
		Double top = this.run.parameters().getDouble(JobNames.EXPLAIN_TOP);
		if (top == null) {
			return ExplainSelection.fromScore(RiskBand.HIGH.from(), stride);
		}
		return (top == 0 && stride == 0) ? null : ExplainSelection.topFraction(top, stride);
	}

}
