package io.nightscore.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.nightscore.sampledata.ChurnDataGenerator;

/**
 * Generated churn inputs for the recovery tests, scored by the sample model, with the
 * scores an uninterrupted run must publish.
 *
 * @param directory the input directory
 * @param files the Parquet files in it
 * @param expected customer id → score, in file order
 */
public record ChurnInputs(Path directory, List<Path> files, Map<String, Float> expected) {

	/** The sample model, 100 trees over the generator's 19 features. */
	public static final Path MODEL = Path.of("sample-data/churn-model.json");

	/** A row-group size that gives a generated file several row groups. */
	public static final long SMALL_ROW_GROUPS = 1 << 20;

	/**
	 * Write {@code customers} generated customers as {@code files} files in
	 * {@code directory} and compute their reference scores.
	 */
	public static ChurnInputs generate(Path directory, long customers, int files, long seed) throws Exception {
		List<Path> written = new ChurnDataGenerator(seed).writeParquet(directory, customers, files, SMALL_ROW_GROUPS);
		return new ChurnInputs(directory, written, ReferenceScores.of(MODEL, ChurnDataGenerator.ID_COLUMN, written));
	}

	/**
	 * Like {@link #generate}, but made once per test JVM and shared by every test that
	 * asks for the same input (the large recovery inputs take seconds to write and
	 * score); tests only read it. Deleted when the JVM exits.
	 */
	public static ChurnInputs shared(long customers, int files, long seed) {
		return SharedInputs.INSTANCE.get(customers, files, seed);
	}

	/**
	 * The input the stop, kill, outage and run-control tests share: 40,000 customers in
	 * two files, made once per test JVM. At their chunk sizes (150 to 200 rows) that is
	 * some 200 chunks, so a test that interrupts a run after a quarter of it still has
	 * three quarters, seconds of scoring, in which the interruption lands; 120,000
	 * customers tripled the scoring time and checked nothing more.
	 */
	public static ChurnInputs recovery() {
		return shared(40_000, 2, 11);
	}

	public long rows() {
		return this.expected.size();
	}

	/**
	 * The {@code score} command line for this input.
	 * @param options further options, e.g. {@code --chunk-size 200}
	 */
	public String[] score(String... options) {
		return java.util.stream.Stream
			.concat(java.util.stream.Stream.of("score", "--input", this.directory.toString(), "--model",
					MODEL.toString()), java.util.stream.Stream.of(options))
			.toArray(String[]::new);
	}

}
