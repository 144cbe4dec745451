package io.nightscore.job;

import javax.sql.DataSource;

import java.util.Map;

import io.nightscore.input.HadoopSettings;
import io.nightscore.input.InputResolver;
import io.nightscore.input.ModelFiles;
import io.nightscore.monitoring.InputAudit;
import io.nightscore.monitoring.ReferenceEdgesChooser;
import io.nightscore.output.ModelRegistryRepository;
import io.nightscore.monitoring.ProgressListener;
import io.nightscore.output.CommittedScores;
import io.nightscore.output.DuplicateCustomers;
import io.nightscore.output.LockWaits;
import io.nightscore.output.ModelVersionRepository;
import io.nightscore.output.ExplanationRepository;
import io.nightscore.output.PredictionPartitions;
import io.nightscore.output.PredictionTables;
import io.nightscore.output.RejectRepository;
import io.nightscore.output.RunChecksRepository;
import io.nightscore.output.RunReviewRepository;
import io.nightscore.output.RunHistoryRepository;
import io.nightscore.output.RunRetention;
import io.nightscore.output.ScoringRunRepository;
import io.nightscore.scoring.ModelCache;
import io.nightscore.scoring.compiled.ScoringEngineChoice;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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
			Step publishRunStep, ScoringRunRepository runs, ProgressListener progress,
			CommittedScores committedScores) {
		return new JobBuilder(JobNames.JOB, jobRepository).listener(new RunStatusListener(runs))
			.listener(progress)
			.listener(new JobExecutionListener() {
				@Override
				public void afterJob(JobExecution execution) {
					// an attempt that failed before the finalize step: its scores are of
					// no use to another
					committedScores.forget(execution.getJobInstance().getInstanceId());
				}
			})
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
			PredictionTables tables, RunChecksRepository checks) {
		RunMonitoringPreparer monitoring = new RunMonitoringPreparer(checks, runs,
				new InputAudit(inputs.configuration()), new ReferenceEdgesChooser(inputs.configuration()));
		return new StepBuilder(JobNames.PREPARE_STEP, jobRepository)
			.tasklet(new PrepareRunTasklet(models, inputs, modelVersions, runs, tables, monitoring), transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step finalizeRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PredictionTables tables, CommittedScores committedScores, DataSource dataSource) {
		return new StepBuilder(JobNames.FINALIZE_STEP, jobRepository)
			.tasklet(new FinalizeRunTasklet(tables, new DuplicateCustomers(dataSource), committedScores, dataSource,
					transactionManager), transactionManager)
			.build();
	}

	@Bean
	Step publishRunStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DataSource dataSource, ScoringRunRepository runs, RunChecksRepository checks, InputResolver inputs) {
		RunGate gate = new RunGate(jobRepository, checks, runs, new InputAudit(inputs.configuration()));
		return new StepBuilder(JobNames.PUBLISH_STEP, jobRepository)
			.tasklet(new PublishRunTasklet(dataSource, runs, gate), transactionManager)
			.build();
	}

	@Bean
	ScoreRunLauncher scoreRunLauncher(JobOperator jobOperator, JobRepository jobRepository, Job scoreCustomersJob,
			DataSource dataSource) {
		return new ScoreRunLauncher(jobOperator, jobRepository, scoreCustomersJob, dataSource);
	}

	@Bean
	RunControl runControl(JobOperator jobOperator, JobRepository jobRepository, DataSource dataSource) {
		return new RunControl(jobOperator, jobRepository, dataSource, new RunRetention(dataSource));
	}

	@Bean
	RunHistoryRepository runHistoryRepository(DataSource dataSource) {
		return new RunHistoryRepository(dataSource);
	}

	@Bean
	ModelCache modelCache(ScoringProperties properties, InputResolver inputs) {
		return new ModelCache(ScoringEngineChoice.parse(properties.engine()),
				new ModelFiles(inputs.configuration())::localCopy);
	}

	/**
	 * Input (and model) file systems, configured with the operator's
	 * {@code --hadoop-property} values ({@value JobNames#HADOOP_PROPERTIES}[key]).
	 */
	@Bean
	InputResolver inputResolver(Environment environment) {
		Map<String, String> properties = Binder.get(environment)
			.bind(JobNames.HADOOP_PROPERTIES, Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		return new InputResolver(HadoopSettings.configuration(properties));
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
	RunChecksRepository runChecksRepository(DataSource dataSource) {
		return new RunChecksRepository(dataSource);
	}

	@Bean
	RunReviewRepository runReviewRepository(DataSource dataSource) {
		return new RunReviewRepository(dataSource);
	}

	@Bean
	ModelRegistryRepository modelRegistryRepository(DataSource dataSource) {
		return new ModelRegistryRepository(dataSource);
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
