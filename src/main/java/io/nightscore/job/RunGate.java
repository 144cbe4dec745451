package io.nightscore.job;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.nightscore.monitoring.Check;
import io.nightscore.monitoring.HistogramListener;
import io.nightscore.monitoring.FeatureHistograms;
import io.nightscore.monitoring.GateThresholds;
import io.nightscore.monitoring.Histogram;
import io.nightscore.monitoring.InputAudit;
import io.nightscore.monitoring.ReferenceEdges;
import io.nightscore.monitoring.RunChecks;
import io.nightscore.monitoring.RunEvaluation;
import io.nightscore.monitoring.RunMeasurements;
import io.nightscore.monitoring.SegmentCursor;
import io.nightscore.output.RunChecksRepository;
import io.nightscore.output.RunStatistics;
import io.nightscore.output.ScoringRunRepository;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Measures a loaded run and judges it: merges the partitions' feature histograms, bins
 * the scores, compares both with the model's training profile and the previous published
 * run, checks the input's age, and stores every histogram, band share and check
 * ({@code run_histogram}, {@code run_band}, {@code run_check}). The publish step then
 * publishes or holds. Thread-safe.
 */
final class RunGate {

	private static final Logger logger = LoggerFactory.getLogger(RunGate.class);

	private final JobRepository jobRepository;

	private final RunChecksRepository checks;

	private final ScoringRunRepository runs;

	private final InputAudit audit;

	RunGate(JobRepository jobRepository, RunChecksRepository checks, ScoringRunRepository runs, InputAudit audit) {
		this.jobRepository = jobRepository;
		this.checks = checks;
		this.runs = runs;
		this.audit = audit;
	}

	/**
	 * Measure, judge and store the run's checks; the caller publishes or holds.
	 * @param statistics the run's counts, bands and score quantiles, from its loaded
	 * partition
	 */
	RunEvaluation evaluate(JobExecution execution, RunStatistics statistics) {
		RunContext run = RunContext.of(execution);
		JobParameters parameters = run.parameters();
		ReferenceEdges edges = ReferenceEdges.decode(execution.getExecutionContext().getString(JobNames.EDGES_KEY));
		PartitionCounts counted = counted(execution, edges);
		RunMeasurements scores = this.checks.scores(run.runId(), edges.score(), statistics, counted.scores());
		String segmentColumn = parameters.getString(JobNames.SEGMENT_COLUMN);
		Map<String, Map<String, Long>> segments = Map.of();
		boolean tooManySegments = false;
		if (segmentColumn != null) {
			try (SegmentCursor cursor = new SegmentCursor(run.snapshot(), segmentColumn, this.audit.configuration())) {
				Optional<Map<String, Map<String, Long>>> bands = this.checks.segmentBands(run.runId(),
						cursor::segmentAt);
				segments = bands.orElse(Map.of());
				tooManySegments = bands.isEmpty();
			}
		}
		RunMeasurements current = new RunMeasurements(run.runId(), counted.features().byFeature(), scores.score(),
				scores.scoreQuantiles(), scores.bands(), segments);
		RunMeasurements reference = this.checks.reference(run.modelVersion()).orElse(null);
		RunMeasurements previous = this.checks.previousPublishedRun(run.runId())
			.map(this.checks::measurements)
			.orElse(null);
		ZoneId zone = (parameters.getString(JobNames.TIME_ZONE) != null)
				? ZoneId.of(parameters.getString(JobNames.TIME_ZONE)) : ZoneId.systemDefault();
		double age = this.audit.ageDays(run.snapshot(), parameters.getString(JobNames.REQUIRE_MARKER),
				parameters.getLocalDate(JobNames.SCORING_DATE), zone);
		RunEvaluation evaluation = new RunChecks(thresholds(parameters)).evaluate(current, edges.source(), reference,
				previous, age);
		if (tooManySegments) {
			Check notCounted = RunChecks.segmentsNotCounted(segmentColumn, RunChecksRepository.MAX_SEGMENTS);
			logger.warn("Run {}: {}", run.runId(), notCounted.detail());
			evaluation = evaluation.with(notCounted);
		}
		this.checks.store(run.runId(), evaluation);
		this.runs.recordCheckContext(run.runId(), describe(run.modelVersion(), reference, previous), age);
		return evaluation;
	}

	static GateThresholds thresholds(JobParameters p) {
		GateThresholds d = GateThresholds.defaults();
		return new GateThresholds(p.getDouble(JobNames.PSI_WARN, d.psiWarn()),
				p.getDouble(JobNames.PSI_HOLD, d.psiHold()),
				p.getDouble(JobNames.HIGH_BAND_CHANGE_HOLD, d.highBandChangeHold()),
				p.getDouble(JobNames.MAX_INPUT_AGE_DAYS, d.maxInputAgeDays()),
				p.getDouble(JobNames.SEGMENT_DIFFERENCE, d.segmentDifference()),
				Boolean.parseBoolean(p.getString(JobNames.HOLD_ON_SEGMENTS, "false")),
				p.getLong(JobNames.MIN_ROWS_FOR_CHECKS, d.minRows()));
	}

	/**
	 * The partitions' counts merged: the latest execution of each partition, attempts
	 * included. The score counts are there only when every partition kept them.
	 */
	private PartitionCounts counted(JobExecution execution, ReferenceEdges edges) {
		Map<String, StepExecution> latest = new HashMap<>();
		for (JobExecution attempt : this.jobRepository.getJobExecutions(execution.getJobInstance())) {
			for (StepExecution step : attempt.getStepExecutions()) {
				if (step.getStepName().startsWith(JobNames.SCORE_PARTITION_STEP + ":")) {
					latest.merge(step.getStepName(), step, (a, b) -> (a.getId() > b.getId()) ? a : b);
				}
			}
		}
		FeatureHistograms features = new FeatureHistograms(edges);
		Histogram scores = (edges.score().length > 0) ? new Histogram(edges.score()) : null;
		for (StepExecution step : latest.values()) {
			StepExecution loaded = this.jobRepository.getLastStepExecution(execution.getJobInstance(),
					step.getStepName());
			ExecutionContext context = ((loaded != null) ? loaded : step).getExecutionContext();
			if (context.containsKey(HistogramListener.COUNTS_KEY)) {
				features.merge(FeatureHistograms.decode(edges, context.getString(HistogramListener.COUNTS_KEY)));
			}
			if (scores != null && context.containsKey(HistogramListener.SCORE_COUNTS_KEY)) {
				scores.merge(Histogram.decode(edges.score(), context.getString(HistogramListener.SCORE_COUNTS_KEY)));
			}
			else {
				scores = null;
			}
		}
		return new PartitionCounts(features, scores);
	}

	/** What the partitions counted while scoring; {@code scores} may be {@code null}. */
	private record PartitionCounts(FeatureHistograms features, Histogram scores) {
	}

	private static String describe(String modelVersion, RunMeasurements reference, RunMeasurements previous) {
		String previousRun = (previous != null) ? "the previous published run " + previous.runId() : null;
		if (reference != null) {
			return "the training profile of model " + modelVersion
					+ ((previousRun != null) ? " and " + previousRun : "");
		}
		if (previousRun != null) {
			return previousRun + " only: model " + modelVersion + " has no training profile";
		}
		return "nothing: model " + modelVersion + " has no training profile and no run was published before";
	}

}
