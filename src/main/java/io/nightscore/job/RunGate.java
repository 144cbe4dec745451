package io.nightscore.job;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import io.nightscore.monitoring.FeatureHistogramListener;
import io.nightscore.monitoring.FeatureHistograms;
import io.nightscore.monitoring.GateThresholds;
import io.nightscore.monitoring.InputAudit;
import io.nightscore.monitoring.ReferenceEdges;
import io.nightscore.monitoring.RunChecks;
import io.nightscore.monitoring.RunEvaluation;
import io.nightscore.monitoring.RunMeasurements;
import io.nightscore.monitoring.SegmentCursor;
import io.nightscore.output.RunChecksRepository;
import io.nightscore.output.ScoringRunRepository;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Measures a loaded run and judges it: merges the partitions' feature histograms, bins
 * the scores, compares both with the model's training profile and the previous published
 * run, checks the input's age, and stores every histogram, band share and check
 * ({@code run_histogram}, {@code run_band}, {@code run_check}). The publish step then
 * publishes or holds. Thread-safe.
 */
final class RunGate {

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

	/** Measure, judge and store the run's checks; the caller publishes or holds. */
	RunEvaluation evaluate(JobExecution execution) {
		RunContext run = RunContext.of(execution);
		JobParameters parameters = run.parameters();
		ReferenceEdges edges = ReferenceEdges.decode(execution.getExecutionContext().getString(JobNames.EDGES_KEY));
		RunMeasurements scores = this.checks.scores(run.runId(), edges.score());
		String segmentColumn = parameters.getString(JobNames.SEGMENT_COLUMN);
		Map<String, Map<String, Long>> segments = Map.of();
		if (segmentColumn != null) {
			try (SegmentCursor cursor = new SegmentCursor(run.snapshot(), segmentColumn, this.audit.configuration())) {
				segments = this.checks.segmentBands(run.runId(), cursor::segmentAt);
			}
		}
		RunMeasurements current = new RunMeasurements(run.runId(), features(execution, edges).byFeature(),
				scores.score(), scores.scoreQuantiles(), scores.bands(), segments);
		RunMeasurements reference = this.checks.reference(run.modelVersion()).orElse(null);
		RunMeasurements previous = this.checks.livePublishedRun(run.runId())
			.map(this.checks::measurements)
			.orElse(null);
		ZoneId zone = (parameters.getString(JobNames.TIME_ZONE) != null)
				? ZoneId.of(parameters.getString(JobNames.TIME_ZONE)) : ZoneId.systemDefault();
		double age = this.audit.ageDays(run.snapshot(), parameters.getString(JobNames.REQUIRE_MARKER),
				parameters.getLocalDate(JobNames.SCORING_DATE), zone);
		RunEvaluation evaluation = new RunChecks(thresholds(parameters)).evaluate(current, edges.source(), reference,
				previous, age);
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
	 * included.
	 */
	private FeatureHistograms features(JobExecution execution, ReferenceEdges edges) {
		Map<String, StepExecution> latest = new HashMap<>();
		for (JobExecution attempt : this.jobRepository.getJobExecutions(execution.getJobInstance())) {
			for (StepExecution step : attempt.getStepExecutions()) {
				if (step.getStepName().startsWith(JobNames.SCORE_PARTITION_STEP + ":")) {
					latest.merge(step.getStepName(), step, (a, b) -> (a.getId() > b.getId()) ? a : b);
				}
			}
		}
		FeatureHistograms merged = new FeatureHistograms(edges);
		for (StepExecution step : latest.values()) {
			StepExecution loaded = this.jobRepository.getLastStepExecution(execution.getJobInstance(),
					step.getStepName());
			StepExecution partition = (loaded != null) ? loaded : step;
			if (partition.getExecutionContext().containsKey(FeatureHistogramListener.COUNTS_KEY)) {
				merged.merge(FeatureHistograms.decode(edges,
						partition.getExecutionContext().getString(FeatureHistogramListener.COUNTS_KEY)));
			}
		}
		return merged;
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
