package io.nightscore.monitoring;

import java.nio.file.Path;
import java.util.Map;

import io.nightscore.sampledata.ChurnDataGenerator;

/**
 * Generated weeks for the checks' tests: training data, two ordinary weeks and a week
 * whose {@code support_calls} tripled, all from the sample data generator.
 */
record DriftWeeks(Path training, Path week1, Path week2, Path drifted) {

	static final Path MODEL = Path.of("sample-data/churn-model.json");

	static final String DRIFTED_FEATURE = "support_calls";

	static DriftWeeks generate(Path dir) throws Exception {
		long rowGroup = ChurnDataGenerator.DEFAULT_ROW_GROUP_SIZE;
		new ChurnDataGenerator(7).writeParquet(dir.resolve("training"), 20_000, 1, rowGroup);
		new ChurnDataGenerator(42).writeParquet(dir.resolve("week1"), 5_000, 2, rowGroup);
		new ChurnDataGenerator(43).writeParquet(dir.resolve("week2"), 5_000, 2, rowGroup);
		new ChurnDataGenerator(44).writeParquet(dir.resolve("drifted"), 5_000, 2, rowGroup,
				Map.of(DRIFTED_FEATURE, 3.0));
		return new DriftWeeks(dir.resolve("training"), dir.resolve("week1"), dir.resolve("week2"),
				dir.resolve("drifted"));
	}

	static String[] score(Path input, String date, String... options) {
		String[] head = { "score", "--input", input.toString(), "--model-version", "churn-v1", "--scoring-date", date };
		String[] all = java.util.Arrays.copyOf(head, head.length + options.length);
		System.arraycopy(options, 0, all, head.length, options.length);
		return all;
	}

}
