package io.nightscore.monitoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nightscore.output.RunHistoryRepository;
import io.nightscore.output.RunHistoryRepository.RunSummary;
import io.nightscore.output.RunHistoryRepository.ScoreDistribution;

/**
 * nightscore's own metrics of a run, as Micrometer gauges beside Spring Batch's job, step
 * and chunk metrics: the outcome (one series per possible outcome, 1 for this run's),
 * rows scored, rejected and committed, reject rate, time across all attempts, attempts,
 * score quantiles and risk bands, and when the last run was published. Values are set
 * once, at the end of a launch, from what the database records; then
 * {@link PushgatewayPublisher} pushes them. Not thread-safe: one launch per process.
 */
public final class RunMetrics {

	private final MeterRegistry registry;

	private final RunHistoryRepository history;

	private final Map<String, AtomicReference<Double>> values = new LinkedHashMap<>();

	public RunMetrics(MeterRegistry registry, RunHistoryRepository history) {
		this.registry = registry;
		this.history = history;
	}

	/**
	 * Record how a launch ended.
	 * @param runId the run, or a non-positive number when no run was started
	 * @param outcome how it ended, e.g. {@code COMPLETED}, {@code FAILED}
	 * @param outcomes every possible outcome, so that each has a series (0 or 1)
	 */
	public void record(long runId, String outcome, List<String> outcomes) {
		for (String each : outcomes) {
			set("nightscore.run.outcome", Tags.of("outcome", each.toLowerCase(Locale.ROOT)), null,
					each.equals(outcome) ? 1 : 0);
		}
		this.history.lastPublishedAt()
			.ifPresent((at) -> set("nightscore.last.published.timestamp", Tags.empty(), "seconds",
					at.toEpochMilli() / 1000.0));
		if (runId <= 0) {
			return;
		}
		RunSummary run = this.history.summary(runId).orElse(null);
		if (run == null) {
			return;
		}
		set("nightscore.run.id", Tags.empty(), null, run.runId());
		set("nightscore.run.info",
				Tags.of("scoring_date", String.valueOf(run.scoringDate()), "rerun", String.valueOf(run.rerun()),
						"model_version", String.valueOf(run.modelVersion()), "status", run.status()),
				null, 1);
		set("nightscore.run.attempts", Tags.empty(), null, run.attempts());
		set("nightscore.run.rows.committed", Tags.empty(), null, orZero(run.rowsCommitted()));
		if (run.seconds() != null) {
			set("nightscore.run.duration", Tags.empty(), "seconds", run.seconds());
		}
		if (run.rowsScored() != null && run.rowsRejected() != null) {
			long rows = run.rowsScored() + run.rowsRejected();
			set("nightscore.run.rows.scored", Tags.empty(), null, run.rowsScored());
			set("nightscore.run.rows.rejected", Tags.empty(), null, run.rowsRejected());
			set("nightscore.run.reject.rate", Tags.empty(), null, (rows == 0) ? 0 : (double) run.rowsRejected() / rows);
		}
		if ("PUBLISHED".equals(run.status())) {
			this.history.distribution(runId).ifPresent(this::recordDistribution);
		}
	}

	private void recordDistribution(ScoreDistribution distribution) {
		for (int i = 0; i < ScoreDistribution.LEVELS.length; i++) {
			set("nightscore.run.score", Tags.of("quantile", Double.toString(ScoreDistribution.LEVELS[i])), null,
					distribution.quantiles()[i]);
		}
		set("nightscore.run.risk.band", Tags.of("band", "high"), null, distribution.high());
		set("nightscore.run.risk.band", Tags.of("band", "medium"), null, distribution.medium());
		set("nightscore.run.risk.band", Tags.of("band", "low"), null, distribution.low());
	}

	private void set(String name, Tags tags, String baseUnit, double value) {
		String key = name + tags;
		AtomicReference<Double> holder = this.values.computeIfAbsent(key, (k) -> {
			AtomicReference<Double> created = new AtomicReference<>(0.0);
			Gauge.builder(name, created, AtomicReference::get).tags(tags).baseUnit(baseUnit).register(this.registry);
			return created;
		});
		holder.set(value);
	}

	private static long orZero(Long value) {
		return (value != null) ? value : 0;
	}

}
