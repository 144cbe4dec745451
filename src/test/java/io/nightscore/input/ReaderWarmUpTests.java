package io.nightscore.input;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up warm-up reads its bundled file through the run's reader: all of its rows
 * and feature columns come back, so every decoder the file's column types need ran.
 */
class ReaderWarmUpTests {

	@Test
	void readsEveryRowAndFeatureOfTheBundledFile() {
		float[] rows = ReaderWarmUp.run();

		assertThat(rows).hasSize(64 * ReaderWarmUp.FEATURES.size());
		// nullable columns held some nulls: missing values came back as NaN
		assertThat(rows).contains(Float.NaN);
	}

}
