package io.nightscore.job;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up warm-up scores every row of its bundled file on each pass, and stops at
 * the pass boundary once the run has begun.
 */
class ChunkWarmUpTests {

	private static final int FILE_ROWS = 4096;

	@Test
	void scoresTheBundledFileOnEveryPass() {
		assertThat(ChunkWarmUp.run(() -> false)).isEqualTo((long) ChunkWarmUp.PASSES * FILE_ROWS);
	}

	@Test
	void stopsAfterThePassItIsInOnceTheRunBegins() {
		AtomicInteger asked = new AtomicInteger();

		long rows = ChunkWarmUp.run(() -> asked.incrementAndGet() > 2);

		assertThat(rows).isEqualTo(2L * FILE_ROWS);
		assertThat(asked).hasValue(3);
	}

	@Test
	void doesNoPassWhenTheRunHasBegunAlready() {
		assertThat(ChunkWarmUp.run(() -> true)).isZero();
	}

}
