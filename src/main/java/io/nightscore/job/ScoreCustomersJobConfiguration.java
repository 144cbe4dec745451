package io.nightscore.job;

import javax.sql.DataSource;

import io.nightscore.input.InputResolver;
import io.nightscore.output.DuplicateCustomers;
import io.nightscore.output.LockWaits;
import io.nightscore.output.ModelVersionRepository;
import io.nightscore.output.ExplanationRepository;
import io.nightscore.output.PredictionPartitions;
import io.nightscore.output.PredictionTables;
import io.nightscore.output.RejectRepository;
import io.nightscore.output.ScoringRunRepository;
import io.nightscore.scoring.ModelCache;
import org.apache.parquet.hadoop.ParquetInputFormat;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value JobNames#JOB} job, top to bottom: prepare the run, score the input in
 * partitions, finalize the loaded partition, publish. The score step is configured in
 * {@link ScoreStepConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScoringProperties.class)
class ScoreCustomersJobConfiguration {

	@Bean
	Job scoreCustomersJob(JobRepository jobRepository, Step prepareRunStep, Step scoreInputStep, Step finalizeRunStep,
			Step publishRunStep, ScoringRunRepository runs) {
		return new JobBuilder(JobNames.JOB, jobRepository).listener(new RunStatusListener(runs))
			.start(prepareRunStep)
			.next(scoreInputStep)
			.next(finalizeRunStep)
			.next(publishRunStep)
			.build();
	}

	/** Runs on every attempt: a restart must check that input and model are unchanged. */
	@Bean
	Step prepareRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, ModelCache models,
			InputResolver inputs, ModelVersionRepository modelVersions, ScoringRunRepository runs,
			PredictionTables tables) {
		return new StepBuilder(JobNames.PREPARE_STEP, jobRepository)
			.tasklet(new PrepareRunTasklet(models, inputs, modelVersions, runs, tables), transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step finalizeRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PredictionTables tables, DataSource dataSource) {
		return new StepBuilder(JobNames.FINALIZE_STEP, jobRepository)
			.tasklet(new FinalizeRunTasklet(tables, new DuplicateCustomers(dataSource)), transactionManager)
			.build();
	}

	@Bean
	Step publishRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DataSource dataSource, ScoringRunRepository runs) {
		return new StepBuilder(JobNames.PUBLISH_STEP, jobRepository)
			.tasklet(new PublishRunTasklet(dataSource, runs), transactionManager)
			.build();
	}

	@Bean
	ScoreRunLauncher scoreRunLauncher(JobOperator jobOperator, JobRepository jobRepository, Job scoreCustomersJob,
			DataSource dataSource) {
		return new ScoreRunLauncher(jobOperator, jobRepository, scoreCustomersJob, dataSource);
	}

	@Bean
	ModelCache modelCache() {
		return new ModelCache();
	}

	@Bean
	InputResolver inputResolver() {
		org.apache.hadoop.conf.Configuration configuration = new org.apache.hadoop.conf.Configuration();
		// parquet-java writes page CRCs by default but checks them only when asked:
		// without
		// this a flipped byte in an uncompressed page becomes a wrong score, silently
		configuration.setBoolean(ParquetInputFormat.PAGE_VERIFY_CHECKSUM_ENABLED, true);
		return new InputResolver(configuration);
	}

	@Bean
	ModelVersionRepository modelVersionRepository(DataSource dataSource) {
		return new ModelVersionRepository(dataSource);
	}

	@Bean
	ScoringRunRepository scoringRunRepository(DataSource dataSource, LockWaits lockWaits) {
		return new ScoringRunRepository(dataSource, lockWaits);
	}

	/**
	 * DDL and publish wait at most this long per attempt for a lock another session
	 * holds.
	 */
	@Bean
	LockWaits lockWaits(DataSource dataSource,
			@Value("${nightscore.database.lock-timeout:10s}") java.time.Duration lockTimeout) {
		return new LockWaits(dataSource, lockTimeout);
	}

	@Bean
	PredictionTables predictionTables(DataSource dataSource, LockWaits lockWaits) {
		return new PredictionTables(dataSource, lockWaits);
	}

	@Bean
	RejectRepository rejectRepository(DataSource dataSource) {
		return new RejectRepository(dataSource);
	}

	@Bean
	ExplanationRepository explanationRepository(DataSource dataSource) {
		return new ExplanationRepository(dataSource);
	}

	@Bean
	PredictionPartitions predictionPartitions(DataSource dataSource) {
		return new PredictionPartitions(dataSource);
	}

}
