package io.nightscore.job;

import java.util.Collection;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.CustomerRowCheckProcessor;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputResolver;
import io.nightscore.input.InputSnapshot;
import io.nightscore.input.ParquetCustomerReader;
import io.nightscore.output.PredictionPartitions;
import io.nightscore.output.PredictionWriter;
import io.nightscore.output.RejectRepository;
import io.nightscore.scoring.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The score step: a manager step that splits the input into row ranges and scores them on
 * {@code threads} threads, and the chunk-oriented worker step each range runs as (read →
 * check → score and COPY), every partition restartable on its own from its last committed
 * chunk. The item is a block of {@code chunkSize} rows and a chunk is one block: one
 * transaction, one XGBoost call, one COPY, and no per-row work in Spring Batch.
 */
@Configuration(proxyBeanMethods = false)
class ScoreStepConfiguration {

	@Bean
	Step scoreInputStep(JobRepository jobRepository, Step scorePartitionStep, Partitioner inputPartitioner,
			ScoringProperties properties) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("score-");
		executor.setConcurrencyLimit(properties.threads());
		return new StepBuilder(JobNames.SCORE_STEP, jobRepository)
			.partitioner(JobNames.SCORE_PARTITION_STEP, inputPartitioner)
			.step(scorePartitionStep)
			.gridSize(properties.threads())
			.taskExecutor(executor)
			.aggregator(new FailureReportingAggregator())
			.build();
	}

	@Bean
	Step scorePartitionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ParquetCustomerReader customerReader, CustomerRowCheckProcessor customerRowCheckProcessor,
			PredictionWriter predictionWriter, ScoringProperties properties) {
		return new StepBuilder(JobNames.SCORE_PARTITION_STEP, jobRepository).<CustomerBlock, CustomerBlock>chunk(1)
			.transactionManager(transactionManager)
			.reader(customerReader)
			.processor(customerRowCheckProcessor)
			.writer(predictionWriter)
			.listener(new RowCountListener())
			.build();
	}

	@Bean
	@StepScope
	Partitioner inputPartitioner(@Value("#{stepExecution.jobExecution}") JobExecution jobExecution) {
		return new InputPartitioner(RunContext.of(jobExecution).snapshot());
	}

	@Bean
	@StepScope
	ParquetCustomerReader customerReader(@Value("#{stepExecution}") StepExecution partition, InputResolver inputs,
			LoadedModels models, ScoringProperties properties) {
		RunContext run = RunContext.of(partition.getJobExecution());
		ExecutionContext range = partition.getExecutionContext();
		int fileIndex = range.getInt(JobNames.FILE_INDEX_KEY);
		InputFile file = run.snapshot().files().get(fileIndex);
		return new ParquetCustomerReader(file, fileIndex, range.getLong(JobNames.FIRST_ROW_KEY),
				range.getLong(JobNames.END_ROW_KEY), run.idColumn(), models.load(run).featureNames(),
				properties.chunkSize(), run.maxIdLength(), inputs.configuration());
	}

	@Bean
	@StepScope
	CustomerRowCheckProcessor customerRowCheckProcessor(@Value("#{stepExecution}") StepExecution partition,
			LoadedModels models) {
		return new CustomerRowCheckProcessor(models.load(RunContext.of(partition.getJobExecution())).featureNames());
	}

	@Bean
	@StepScope
	PredictionWriter predictionWriter(@Value("#{stepExecution}") StepExecution partition, LoadedModels models,
			PredictionPartitions partitions, RejectRepository rejects) {
		RunContext run = RunContext.of(partition.getJobExecution());
		ScoringModel model = models.load(run);
		InputSnapshot snapshot = run.snapshot();
		ExecutionContext range = partition.getExecutionContext();
		return new PredictionWriter(() -> model.newScorer(1), partitions, rejects, run.runId(), run.modelVersion(),
				snapshot.files().stream().map(InputFile::path).toList(),
				new PredictionWriter.RowRange(range.getInt(JobNames.FILE_INDEX_KEY),
						range.getLong(JobNames.FIRST_ROW_KEY), range.getLong(JobNames.END_ROW_KEY)));
	}

	/**
	 * Aggregates the partitions into the manager step as usual, hands the partitions'
	 * exceptions to it, so that a failed run reports why a partition failed rather than
	 * only that one did, and logs where the partitions' time went.
	 */
	static final class FailureReportingAggregator extends DefaultStepExecutionAggregator {

		private static final Logger logger = LoggerFactory.getLogger(FailureReportingAggregator.class);

		@Override
		public void aggregate(StepExecution result, Collection<StepExecution> executions) {
			super.aggregate(result, executions);
			executions.forEach((partition) -> partition.getFailureExceptions().forEach(result::addFailureException));
			logger.info("Scored {} rows in {} partitions: read {} s, score {} s, write {} s (summed over partitions)",
					result.getWriteCount(), executions.size(),
					seconds(executions, ParquetCustomerReader.READ_NANOS_KEY),
					seconds(executions, PredictionWriter.SCORE_NANOS_KEY),
					seconds(executions, PredictionWriter.WRITE_NANOS_KEY));
		}

		private static String seconds(Collection<StepExecution> executions, String key) {
			long nanos = executions.stream().mapToLong((e) -> e.getExecutionContext().getLong(key, 0L)).sum();
			return "%.2f".formatted(nanos / 1e9);
		}

	}

}
