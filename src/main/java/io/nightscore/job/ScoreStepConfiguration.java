package io.nightscore.job;

import java.util.Collection;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.CustomerRowCheckProcessor;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputResolver;
import io.nightscore.input.ParquetCustomerReader;
import io.nightscore.input.PrefetchingReader;
import io.nightscore.monitoring.HistogramListener;
import io.nightscore.monitoring.ReferenceEdges;
import io.nightscore.output.CommittedScores;
import io.nightscore.output.ExplanationRepository;
import io.nightscore.output.PredictionPartitions;
import io.nightscore.output.PredictionWriter;
import io.nightscore.output.RejectRepository;
import io.nightscore.scoring.ModelCache;
import io.nightscore.scoring.ScoredBlock;
import io.nightscore.scoring.ScoringProcessor;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The score step: a manager step that splits the input into row ranges and scores them on
 * {@code threads} threads, and the chunk-oriented worker step each range runs as: input
 * (read, check) → scoring → output (COPY), every partition restartable on its own from
 * its last committed chunk. The item is a block of {@code chunkSize} rows and a chunk is
 * one block: one transaction, one engine call, one COPY, and no per-row work in Spring
 * Batch. The next block is decoded on a thread of its own meanwhile (PrefetchingReader),
 * so that reading overlaps scoring and COPY.
 */
@Configuration(proxyBeanMethods = false)
class ScoreStepConfiguration {

	/**
	 * Local mode; a manager of remote workers has its own
	 * (RemotePartitioningConfiguration).
	 */
	@Bean
	@ConditionalOnExpression("'${" + RemoteProperties.ROLE + ":local}' != '" + RemoteProperties.MANAGER + "'")
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
			PrefetchingReader<CustomerBlock> customerReader, CustomerRowCheckProcessor customerRowCheckProcessor,
			ScoringProcessor scoringProcessor, PredictionWriter predictionWriter, HistogramListener histogramListener) {
		return new StepBuilder(JobNames.SCORE_PARTITION_STEP, jobRepository).<CustomerBlock, ScoredBlock>chunk(1)
			.transactionManager(transactionManager)
			.reader(customerReader)
			.processor((CustomerBlock block) -> scoringProcessor.process(customerRowCheckProcessor.process(block)))
			.stream(scoringProcessor)
			.writer(predictionWriter)
			.listener(new RowCountListener())
			.listener(histogramListener)
			.stream(histogramListener)
			.build();
	}

	/**
	 * Counts the partition's features and scores against the run's edges (the drift
	 * checks).
	 */
	@Bean
	@StepScope
	HistogramListener histogramListener(@Value("#{stepExecution}") StepExecution partition) {
		return new HistogramListener(
				ReferenceEdges.decode(partition.getJobExecution().getExecutionContext().getString(JobNames.EDGES_KEY)));
	}

	@Bean
	@StepScope
	Partitioner inputPartitioner(@Value("#{stepExecution.jobExecution}") JobExecution jobExecution) {
		return new InputPartitioner(RunContext.of(jobExecution).snapshot());
	}

	/** What a partition works on, read once per partition. */
	@Bean
	@StepScope
	ScorePartition scorePartition(@Value("#{stepExecution}") StepExecution partition, ModelCache models,
			ScoringProperties properties) {
		// the run's own chunk size: a remote worker serves many runs
		return new ScorePartition(partition, models,
				RunContext.of(partition.getJobExecution()).chunkSize(properties.chunkSize()));
	}

	/**
	 * The partition's Parquet reader, read ahead by one block on a thread of its own, so
	 * that decoding the next block overlaps scoring and writing this one; its saved
	 * position stays that of the blocks handed out.
	 */
	@Bean
	@StepScope
	PrefetchingReader<CustomerBlock> customerReader(ScorePartition partition, InputResolver inputs) {
		PredictionWriter.RowRange range = partition.range();
		return new PrefetchingReader<>(
				new ParquetCustomerReader(partition.file(), range.fileIndex(), range.firstRow(), range.endRow(),
						partition.run().idColumn(), partition.model().featureNames(), partition.chunkSize(),
						partition.run().maxIdLength(), inputs.configuration()),
				"read-" + range.fileIndex() + "-" + range.firstRow());
	}

	@Bean
	@StepScope
	CustomerRowCheckProcessor customerRowCheckProcessor(ScorePartition partition) {
		return new CustomerRowCheckProcessor(partition.model().featureNames());
	}

	@Bean
	@StepScope
	ScoringProcessor scoringProcessor(ScorePartition partition) {
		return new ScoringProcessor(partition.model(), partition.explainSelection());
	}

	@Bean
	@StepScope
	PredictionWriter predictionWriter(ScorePartition partition, PredictionPartitions partitions,
			RejectRepository rejects, ExplanationRepository explanations, CommittedScores committedScores) {
		RunContext run = partition.run();
		return new PredictionWriter(partitions, rejects, explanations, committedScores, run.runId(),
				run.snapshot().files().stream().map(InputFile::path).toList(), partition.range());
	}

	/**
	 * The scores the partitions commit, for the finalize step's statistics; kept only
	 * where the finalize step runs, not in a remote worker.
	 */
	@Bean
	CommittedScores committedScores(@Value("${" + RemoteProperties.ROLE + ":local}") String role) {
		return new CommittedScores(!RemoteProperties.WORKER.equals(role));
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
					seconds(executions, ScoringProcessor.SCORE_NANOS_KEY),
					seconds(executions, PredictionWriter.WRITE_NANOS_KEY));
			long explained = executions.stream()
				.mapToLong((e) -> e.getExecutionContext().getLong(ScoringProcessor.EXPLAINED_ROWS_KEY, 0L))
				.sum();
			if (explained > 0) {
				long nanos = executions.stream()
					.mapToLong((e) -> e.getExecutionContext().getLong(ScoringProcessor.EXPLAIN_NANOS_KEY, 0L))
					.sum();
				logger.info("Explained {} rows (reasons and SHAP sample) in {} s, {} s per 1,000 rows", explained,
						"%.2f".formatted(nanos / 1e9), "%.3f".formatted(nanos / 1e6 / explained));
			}
		}

		private static String seconds(Collection<StepExecution> executions, String key) {
			long nanos = executions.stream().mapToLong((e) -> e.getExecutionContext().getLong(key, 0L)).sum();
			return "%.2f".formatted(nanos / 1e9);
		}

	}

}
