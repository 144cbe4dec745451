package io.nightscore.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Predictions;
import io.nightscore.support.ReferenceScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * nightscore is built for Java 17 and runs on any later JVM: the newest JDK installed
 * beside the tests' own (under {@code /usr/lib/jvm}, or the {@code bin/java} given as
 * {@code nightscore.test.newer-java}) scores the sample data exactly as the reference
 * does. Hadoop 3.4 failed here on Java 23+ (its {@code UserGroupInformation} called
 * {@code Subject.getSubject}, which those JVMs refuse), and every Parquet file was
 * reported as a corrupt footer. Skipped where no newer JDK is installed.
 */
@JobIntegrationTest
class NewerJavaIntegrationTests {

	private static final Path SAMPLE_INPUT = Path.of("sample-data/customers");

	private static final Path SAMPLE_MODEL = Path.of("sample-data/churn-model.json");

	private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

	@Test
	void theNewestInstalledJdkScoresTheSampleDataExactlyAndWithoutNativeAccessWarnings(@TempDir Path logs)
			throws Exception {
		Optional<Path> newer = newerJava();
		assumeTrue(newer.isPresent(), "no JDK newer than Java " + Runtime.version().feature() + " installed");

		Result result = NightscoreProcess.runOn(newer.get(), logs, NightscoreProcess.environment("newer-java"), "score",
				"--input", SAMPLE_INPUT.toString(), "--model", SAMPLE_MODEL.toString(), "--scoring-date", "2026-11-22");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("completed and is published: 40000 rows scored");
		// the jar's manifest enables native access for XGBoost4J's and Hadoop's libraries
		assertThat(result.err()).as(result.toString()).doesNotContain("restricted method");
		try (Stream<Path> files = Files.list(SAMPLE_INPUT)) {
			List<Path> parquet = files.filter((f) -> f.toString().endsWith(".parquet")).sorted().toList();
			Predictions.assertPublishedExactlyOnce(1, ReferenceScores.of(SAMPLE_MODEL, "customer_id", parquet));
		}
	}

	/**
	 * The newest JDK's {@code bin/java} whose feature version is above the tests' own.
	 */
	private static Optional<Path> newerJava() throws IOException {
		String given = System.getProperty("nightscore.test.newer-java", "");
		if (!given.isEmpty()) {
			return Optional.of(Path.of(given));
		}
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return Optional.empty();
		}
		try (Stream<Path> homes = Files.list(jvms)) {
			return homes.filter((home) -> Files.isExecutable(home.resolve("bin/java")))
				.filter((home) -> feature(home) > Runtime.version().feature())
				.max(Comparator.comparingInt(NewerJavaIntegrationTests::feature))
				.map((home) -> home.resolve("bin/java"));
		}
	}

	/** A JDK's feature version from its {@code release} file, 0 when it has none. */
	private static int feature(Path home) {
		try {
			Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
			return version.find() ? Integer.parseInt(version.group(1)) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
