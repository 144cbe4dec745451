package io.nightscore.monitoring;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RunChecksTests {

	final RunChecks checks = new RunChecks(GateThresholds.defaults());

	@Test
	void aFeatureWhosePsiCrossesTheHoldThresholdHoldsTheRunAndSaysWhy() {
		RunMeasurements reference = run(-1, 1000, 1000, 100);
		RunMeasurements current = run(7, 1000, 3000, 100);

		RunEvaluation evaluation = this.checks.evaluate(current, "profile", reference, null, 0);

		assertThat(evaluation.held()).isTrue();
		assertThat(evaluation.heldReasons()).startsWith("psi_reference calls 0.");
		assertThat(evaluation.checks()).filteredOn((c) -> c.name().equals("psi_previous"))
			.allSatisfy((c) -> assertThat(c.verdict()).isEqualTo(Check.Verdict.SKIPPED));
	}

	@Test
	void tooFewRowsAreReportedButNeverHold() {
		RunEvaluation evaluation = this.checks.evaluate(run(7, 10, 30, 1), "profile", run(-1, 10, 10, 1), null, 0);

		assertThat(evaluation.held()).isFalse();
		assertThat(evaluation.checks())
			.filteredOn((c) -> c.name().equals("psi_reference") && c.subject().equals("calls"))
			.singleElement()
			.satisfies((c) -> assertThat(c.detail()).startsWith("too few rows to judge (40 against 20"));
	}

	@Test
	void staleInputAndAMovedHighBandHold() {
		RunMeasurements previous = run(6, 1000, 1000, 100);
		RunMeasurements current = run(7, 1000, 1000, 400);

		RunEvaluation evaluation = this.checks.evaluate(current, "run 6", null, previous, 8.5);

		assertThat(evaluation.heldReasons()).contains("high_band_change high 0.")
			.contains("input_age_days input 8.5000 > 7.0");
	}

	@Test
	void aSegmentWithTooFewCustomersToJudgeIsSkippedAndNeverHolds() {
		GateThresholds holdOnSegments = new GateThresholds(0.1, 0.25, 0.1, 7, 0.15, true, 1000);
		RunMeasurements whole = run(7, 3000, 3000, 600);
		Map<String, Map<String, Long>> segments = new LinkedHashMap<>();
		segments.put("north", Map.of("high", 590L, "low", 5400L));
		segments.put("(null)", Map.of("high", 10L, "low", 0L));
		RunMeasurements current = new RunMeasurements(7, whole.features(), whole.score(), null, whole.bands(),
				segments);

		RunEvaluation evaluation = new RunChecks(holdOnSegments).evaluate(current, "profile", null, null, 0);

		assertThat(evaluation.held()).as(evaluation.heldReasons()).isFalse();
		assertThat(evaluation.checks()).filteredOn((c) -> c.name().equals("segment_high_share"))
			.extracting(Check::subject, Check::verdict)
			.containsExactly(tuple("north", Check.Verdict.OK), tuple("(null)", Check.Verdict.SKIPPED));
		assertThat(evaluation.checks()).filteredOn((c) -> c.subject().equals("(null)"))
			.singleElement()
			.satisfies((c) -> assertThat(c.detail()).startsWith("too few rows to judge (10 customers; at least 1000)"));
	}

	@Test
	void aRunWithoutAScoredRowSaysSoInsteadOfBlamingADifferentModel() {
		RunMeasurements previous = run(6, 1000, 1000, 100);
		RunMeasurements empty = run(7, 0, 0, 0);

		RunEvaluation evaluation = this.checks.evaluate(empty, "run 6", null, previous, 0);

		assertThat(evaluation.held()).isFalse();
		assertThat(evaluation.checks()).filteredOn((c) -> c.name().equals("psi_previous"))
			.extracting(Check::subject, Check::verdict, Check::detail)
			.containsExactly(
					tuple("calls", Check.Verdict.SKIPPED, "PSI against run 6 not computed: 0 rows against 2000"),
					tuple("score", Check.Verdict.SKIPPED, "PSI against run 6 not computed: 0 rows against 2000"));
	}

	@Test
	void heldReasonsAndDetailsUseADecimalPointWhateverTheDefaultLocale() {
		Locale before = Locale.getDefault();
		try {
			Locale.setDefault(Locale.GERMANY);
			RunEvaluation evaluation = this.checks.evaluate(run(7, 1000, 1000, 400), "run 6", null,
					run(6, 1000, 1000, 100), 8.5);

			assertThat(evaluation.heldReasons()).contains("high_band_change high 0.1500 > 0.1",
					"input_age_days input 8.5000 > 7.0");
			assertThat(evaluation.checks()).filteredOn((c) -> c.name().equals("high_band_change"))
				.singleElement()
				.satisfies((c) -> assertThat(c.detail()).isEqualTo("high band share 0.2000 against 0.0500 in run 6"));
		}
		finally {
			Locale.setDefault(before);
		}
	}

	/**
	 * A run whose feature "calls" has {@code low} values below 1 and {@code high} above.
	 */
	private static RunMeasurements run(long id, long low, long high, long highBand) {
		Histogram calls = new Histogram(new double[] { 1 }, new long[] { low, high }, 0, 0, 5);
		Histogram score = new Histogram(new double[] { 0.5 }, new long[] { low, high }, 0, 0, 1);
		Map<String, Long> bands = new LinkedHashMap<>();
		bands.put("high", highBand);
		bands.put("low", low + high - highBand);
		return new RunMeasurements(id, Map.of("calls", calls), score, null, bands, Map.of());
	}

}
