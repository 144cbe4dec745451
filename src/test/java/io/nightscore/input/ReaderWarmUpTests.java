package io.nightscore.input;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up warm-up reads its bundled file through the run's reader: all of its rows
 * and feature columns come back, in blocks, so every decoder the file's column types need
 * ran.
 */
class ReaderWarmUpTests {

	@Test
	void readsEveryRowAndFeatureOfTheBundledFileInBlocks() {
		List<CustomerBlock> blocks = new ArrayList<>();
		try (ReaderWarmUp file = ReaderWarmUp.open()) {
			assertThat(file).isNotNull();
			assertThat(file.readBlocks(1000, blocks::add)).isTrue();
			// a second pass reads the same rows again
			assertThat(file.readBlocks(4096, (block) -> assertThat(block.rows()).isEqualTo(4096))).isTrue();
			assertThat(file.rows()).isEqualTo(4096);
		}

		assertThat(blocks).extracting(CustomerBlock::rows).containsExactly(1000, 1000, 1000, 1000, 96);
		CustomerBlock first = blocks.get(0);
		assertThat(first.featureCount()).isEqualTo(ReaderWarmUp.FEATURES.size());
		assertThat(first.customerId(0)).isNotBlank();
		// nullable columns held some nulls: missing values came back as NaN
		assertThat(first.scorableFeatures()).contains(Float.NaN);
		for (int f = 0; f < first.featureCount(); f++) {
			boolean someValue = false;
			for (int row = 0; row < first.rows(); row++) {
				someValue |= !Float.isNaN(first.feature(row, f));
			}
			assertThat(someValue).as(ReaderWarmUp.FEATURES.get(f)).isTrue();
		}
	}

}
