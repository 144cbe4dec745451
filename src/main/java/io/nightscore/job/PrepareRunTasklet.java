package io.nightscore.job;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.nightscore.ContractException;
import io.nightscore.input.FirstRows;
import io.nightscore.input.InputNotReadyException;
import io.nightscore.input.InputResolver;
import io.nightscore.input.InputSnapshot;
import io.nightscore.output.ModelVersionRepository;
import io.nightscore.output.PredictionTables;
import io.nightscore.output.ScoringRunRepository;
import io.nightscore.output.ScoringRunRepository.RecordedRun;
import io.nightscore.scoring.ModelCache;
import io.nightscore.scoring.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Prepares a run before any row is read: loads and fingerprints the model, resolves the
 * input files and checks every file's schema against the model's features, then records
 * the run, its model and its input snapshot and creates the run's empty table and
 * attaches it to {@code prediction} (see {@link PredictionTables}: no lock readers wait
 * for).
 *
 * <p>
 * It runs on every attempt, restarts included: on a restart it refuses to go on when the
 * input files or the model differ from what the run started with, or an option that
 * decides how rows are read or how the run is judged ({@link ResumeOptions}). One
 * transaction; idempotent.
 */
final class PrepareRunTasklet implements Tasklet {

	/** How many of the input's first rows the equivalence check at model load scores. */
	static final int PROBE_INPUT_ROWS = 256;

	private static final Logger logger = LoggerFactory.getLogger(PrepareRunTasklet.class);

	private final ModelCache models;

	private final InputResolver inputs;

	private final ModelVersionRepository modelVersions;

	private final ScoringRunRepository runs;

	private final PredictionTables tables;

	private final RunMonitoringPreparer monitoring;

	PrepareRunTasklet(ModelCache models, InputResolver inputs, ModelVersionRepository modelVersions,
			ScoringRunRepository runs, PredictionTables tables, RunMonitoringPreparer monitoring) {
		this.models = models;
		this.inputs = inputs;
		this.modelVersions = modelVersions;
		this.runs = runs;
		this.tables = tables;
		this.monitoring = monitoring;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		JobExecution execution = contribution.getStepExecution().getJobExecution();
		JobParameters parameters = execution.getJobParameters();
		long runId = execution.getJobInstance().getInstanceId();
		AtomicReference<InputSnapshot> resolvedAtLoad = new AtomicReference<>();
		ScoringModel model = this.models.load(parameters.getString(JobNames.MODEL),
				parameters.getString(JobNames.MODEL_VERSION),
				(featureNames) -> firstRows(parameters, featureNames, resolvedAtLoad));
		RunMonitoringPreparer.checkModel(model, parameters);
		InputSnapshot snapshot = (resolvedAtLoad.get() != null) ? resolvedAtLoad.get()
				: this.inputs.resolve(parameters.getString(JobNames.INPUT), parameters.getString(JobNames.ID_COLUMN),
						model.featureNames(), parameters.getString(JobNames.REQUIRE_MARKER));
		if (snapshot.rows() == 0 && !Boolean.parseBoolean(parameters.getString(JobNames.ALLOW_EMPTY))) {
			throw new InputNotReadyException("Input " + parameters.getString(JobNames.INPUT) + " has "
					+ snapshot.files().size()
					+ " file(s) but no rows: an empty week usually means an upstream failure; pass --allow-empty if it"
					+ " is expected");
		}
		Optional<RecordedRun> recorded = this.runs.find(runId);
		if (recorded.isPresent()) {
			snapshot = checkUnchanged(runId, recorded.get(), snapshot, model);
			ResumeOptions.check(runId, recorded.get().options(), parameters);
			this.runs.updateStatus(runId, "STARTED", false);
			logger.info("Resuming run {}: input and model unchanged since its last attempt", runId);
		}
		else {
			this.modelVersions.register(model);
			this.runs.insert(runId, parameters.getLocalDate(JobNames.SCORING_DATE),
					parameters.getLong(JobNames.RERUN).intValue(), model.version(), snapshot.toJson());
			this.monitoring.recordAudit(runId, model, parameters, snapshot);
			logger.info("Run {} for {}: {} rows in {} file(s), model {} ({} trees, {} features)", runId,
					parameters.getLocalDate(JobNames.SCORING_DATE), snapshot.rows(), snapshot.files().size(),
					model.version(), model.numTrees(), model.featureNames().size());
		}
		this.runs.recordEngine(runId, model.engine().name());
		String modelVersion = recorded.map(RecordedRun::modelVersion).orElse(model.version());
		this.tables.create(runId, modelVersion);
		this.tables.attach(runId);
		this.monitoring.chooseEdges(execution, runId, modelVersion, model, snapshot,
				parameters.getString(JobNames.ID_COLUMN));
		execution.getExecutionContext().putString(JobNames.SNAPSHOT_KEY, snapshot.toJson());
		execution.getExecutionContext().putString(JobNames.MODEL_SHA_KEY, model.sha256());
		execution.getExecutionContext().putString(JobNames.MODEL_VERSION_KEY, modelVersion);
		return RepeatStatus.FINISHED;
	}

	/**
	 * The input's first rows, for the equivalence check of a model loaded now: resolves
	 * the input with the model's features (the snapshot is kept for the rest of the
	 * step). An input that cannot be resolved or read yet gives no rows here: the step
	 * resolves it again below and reports why, as it always has.
	 */
	private float[] firstRows(JobParameters parameters, List<String> featureNames,
			AtomicReference<InputSnapshot> resolved) {
		return FirstRows.ofInput(this.inputs, parameters.getString(JobNames.INPUT),
				parameters.getString(JobNames.ID_COLUMN), parameters.getString(JobNames.REQUIRE_MARKER), featureNames,
				PROBE_INPUT_ROWS, resolved::set);
	}

	private static InputSnapshot checkUnchanged(long runId, RecordedRun recorded, InputSnapshot current,
			ScoringModel model) {
		InputSnapshot started = InputSnapshot.fromJson(recorded.inputSnapshot());
		List<String> changes = current.changesSince(started);
		if (!recorded.modelSha256().equals(model.sha256())) {
			changes = new java.util.ArrayList<>(changes);
			changes.add("model " + model.file() + " has sha256 " + model.sha256() + ", the run started with "
					+ recorded.modelSha256());
		}
		if (!changes.isEmpty()) {
			throw new ContractException("Run " + runId + " cannot resume: its input or model changed since it started ("
					+ String.join("; ", changes) + "). Resuming would mix two data sets: start the date afresh with"
					+ " --rerun");
		}
		return started;
	}

}
