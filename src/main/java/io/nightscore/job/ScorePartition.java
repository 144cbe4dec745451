package io.nightscore.job;

import io.nightscore.input.InputFile;
import io.nightscore.output.PredictionWriter.RowRange;
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
		this.model = models.load(this.run.modelPath(), this.run.parameters().getString(JobNames.MODEL_VERSION));
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

}
