package io.nightscore.job;

import java.util.LinkedHashMap;
import java.util.Map;

import io.nightscore.ContractException;
import io.nightscore.input.InputSnapshot;
import io.nightscore.monitoring.InputAudit;
import io.nightscore.monitoring.ReferenceEdges;
import io.nightscore.monitoring.ReferenceEdgesChooser;
import io.nightscore.monitoring.RunMeasurements;
import io.nightscore.monitoring.SegmentCursor;
import io.nightscore.output.RunChecksRepository;
import io.nightscore.output.ScoringRunRepository;
import io.nightscore.scoring.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The prepare step's share of the checks and the audit trail: refuses a model that does
 * not predict a probability or is not the pinned file, records what the run is audited by
 * (model sha256, nightscore's version, every option, the input files' checksums) and
 * chooses the edges the run's histograms are binned against, once per run: a restart
 * keeps them, so its partitions' saved counts stay valid. Thread-safe.
 */
final class RunMonitoringPreparer {

	/** The only objective accepted: its prediction is the churn probability. */
	static final String PROBABILITY_OBJECTIVE = "binary:logistic";

	private static final Logger logger = LoggerFactory.getLogger(RunMonitoringPreparer.class);

	private final RunChecksRepository checks;

	private final ScoringRunRepository runs;

	private final InputAudit audit;

	private final ReferenceEdgesChooser chooser;

	RunMonitoringPreparer(RunChecksRepository checks, ScoringRunRepository runs, InputAudit audit,
			ReferenceEdgesChooser chooser) {
		this.checks = checks;
		this.runs = runs;
		this.audit = audit;
		this.chooser = chooser;
	}

	/**
	 * Refuse a model that scoring must not use.
	 * @throws ContractException for another objective or a sha256 other than the pinned
	 */
	static void checkModel(ScoringModel model, JobParameters parameters) {
		if (!PROBABILITY_OBJECTIVE.equals(model.objective())) {
			throw new ContractException("Model " + model.file() + " has objective '" + model.objective()
					+ "'; nightscore publishes churn probabilities and accepts only " + PROBABILITY_OBJECTIVE
					+ " models: retrain it with objective=" + PROBABILITY_OBJECTIVE);
		}
		String pinned = parameters.getString(JobNames.MODEL_SHA256);
		if (pinned != null && !pinned.equalsIgnoreCase(model.sha256())) {
			throw new ContractException(
					"Model " + model.file() + " has sha256 " + model.sha256() + ", not the pinned --model-sha256 "
							+ pinned + ": nothing was scored; check which model file" + " this is");
		}
	}

	/** Record the audit fields of a run that starts now. */
	void recordAudit(long runId, ScoringModel model, JobParameters parameters, InputSnapshot snapshot) {
		if (parameters.getString(JobNames.SEGMENT_COLUMN) != null) {
			SegmentCursor.check(snapshot, parameters.getString(JobNames.SEGMENT_COLUMN), this.audit.configuration());
		}
		long started = System.nanoTime();
		Map<String, String> checksums = this.audit.checksums(snapshot);
		logger.info("Run {}: checksummed {} input file(s) in {} ms", runId, checksums.size(),
				(System.nanoTime() - started) / 1_000_000);
		Map<String, Object> options = new LinkedHashMap<>();
		parameters.parameters()
			.stream()
			.sorted(java.util.Comparator.comparing(org.springframework.batch.core.job.parameters.JobParameter::name))
			.forEach((parameter) -> options.put(parameter.name(), String.valueOf(parameter.value())));
		this.runs.recordAudit(runId, model.sha256(), NightscoreVersion.current(),
				JsonMapper.shared().writeValueAsString(options), JsonMapper.shared().writeValueAsString(checksums));
	}

	/** Choose the run's edges unless an earlier attempt of the run did. */
	void chooseEdges(JobExecution execution, long runId, String modelVersion, ScoringModel model,
			InputSnapshot snapshot, String idColumn) {
		if (execution.getExecutionContext().containsKey(JobNames.EDGES_KEY)) {
			return;
		}
		RunMeasurements reference = this.checks.reference(modelVersion).orElse(null);
		RunMeasurements previous = this.checks.previousPublishedRun(runId).map(this.checks::measurements).orElse(null);
		ReferenceEdges edges = this.chooser.choose(model, reference, "training profile of model " + modelVersion,
				previous, snapshot, idColumn);
		logger.info("Run {}: binning features and scores against the edges of {}", runId, edges.source());
		execution.getExecutionContext().putString(JobNames.EDGES_KEY, edges.encode());
	}

}
