package io.nightscore.monitoring;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress line's arithmetic: rows done across attempts, percentage, rate, time left,
 * and when a line is due.
 */
class ProgressLineTests {

	static final long SECOND = 1_000_000_000L;

	@Test
	void aLineIsDueAtEachTenPercentAndEveryIntervalWithRateAndTimeLeft() {
		ProgressLine line = new ProgressLine(7, 1_000_000, 0, 0, 5 * SECOND);

		assertThat(line.update(50_000, SECOND)).isNull();
		assertThat(line.update(100_000, 2 * SECOND))
			.isEqualTo("Run 7: 100,000 of 1,000,000 rows (10.0 %), 50,000 rows/s, ETA 18s");
		assertThat(line.update(150_000, 3 * SECOND)).isNull();
		assertThat(line.update(190_000, 7 * SECOND)).as("the interval passed")
			.isEqualTo("Run 7: 190,000 of 1,000,000 rows (19.0 %), 27,143 rows/s, ETA 30s");
		assertThat(line.update(1_000_000, 20 * SECOND)).endsWith("(100.0 %), 50,000 rows/s, scoring done");
		assertThat(line.done()).isTrue();
	}

	@Test
	void aResumedRunCountsRowsOfEarlierAttemptsButItsRateOnlyFromThisOne() {
		ProgressLine line = new ProgressLine(3, 2_000_000, 1_200_000, 0, 5 * SECOND);

		assertThat(line.update(0, SECOND)).isNull();
		assertThat(line.update(200_000, 100 * SECOND))
			.isEqualTo("Run 3: 1,400,000 of 2,000,000 rows (70.0 %), 2,000 rows/s, ETA 5m00s");
		assertThat(line.bar()).startsWith("Run 3 [#####################         ]  70.0 % 1,400,000/2,000,000 rows");
	}

	@Test
	void rowsCommittedBeforeTheFirstLookCountFromWhenTheScoreStepStarted() {
		LocalDateTime started = LocalDateTime.of(2026, 11, 27, 4, 2, 16, 800_000_000);
		// the reporter's first look, 0.4 s into the score step, finds 100,000 rows done
		long start = ProgressListener.startNanos(started, started.plusNanos(400_000_000), 50 * SECOND);
		ProgressLine line = new ProgressLine(20, 1_000_000, 0, start, 5 * SECOND);

		assertThat(line.update(100_000, 50 * SECOND + 1_000_000))
			.isEqualTo("Run 20: 100,000 of 1,000,000 rows (10.0 %), 249,377 rows/s, ETA 4s");
	}

	@Test
	void beforeTheScoreStepStartsRowsCountFromNow() {
		assertThat(ProgressListener.startNanos(null, LocalDateTime.now(), 7 * SECOND)).isEqualTo(7 * SECOND);
		// a clock set back since the step started counts no time, never negative time
		LocalDateTime now = LocalDateTime.now();
		assertThat(ProgressListener.startNanos(now.plusSeconds(3), now, 7 * SECOND)).isEqualTo(7 * SECOND);
	}

}
