package io.nightscore.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image as Jib builds it, run without a container runtime: the build's own
 * Debian base (src/image/build-base-image.sh, cached outside target/), Jib's OCI tarball,
 * its layers unpacked into a root directory, and the image's own entrypoint, user,
 * environment and working directory from its config, run in a private mount namespace
 * with the root read-only, {@code /tmp} writable and the sample data mounted at
 * {@code /data}, as Kubernetes runs the CronJob. Needs root, {@code unshare},
 * {@code debootstrap} (once) and {@code mvn}: {@code .ci/run} installs them. Runs last:
 * the image builds in the background meanwhile ({@link ImageBuildListener}).
 */
@Order(Integer.MAX_VALUE)
class ImageIntegrationTests {

	private static OciImage image;

	private static Path root;

	@BeforeAll
	static void buildAndUnpackTheImage() {
		ImageBuild.Built built = ImageBuild.await();
		image = built.image();
		root = built.root();
	}

	@Test
	void theImageRunsTheCommandLineAsTheNonRootUserWithContainerAwareMemoryAndCrashFilesInTmp() {
		assertThat(image.user()).isEqualTo(System.getProperty("image.user", "10001:10001")).doesNotStartWith("0");
		assertThat(image.entrypoint()).startsWith("java")
			.contains("-XX:MaxRAMPercentage=60", "-XX:InitialRAMPercentage=35", "-XX:+UseSerialGC",
					"-XX:SurvivorRatio=2", "-XX:TargetSurvivorRatio=90", "-Djava.io.tmpdir=/tmp",
					"-XX:ErrorFile=/tmp/nightscore-hs_err_pid%p.log", "-Dspring.aot.enabled=true",
					"-XX:Tier4InvocationThreshold=50000", "-XX:MaxInlineLevel=9")
			.endsWith("io.nightscore.NightscoreApplication");
		assertThat(image.cmd()).isEmpty();
		assertThat(image.workingDir()).isEqualTo("/tmp");
	}

	@Test
	void theRootIsReadOnlyAndTmpWritableForTheImageUser() {
		Result result = runInContainer(
				List.of("sh", "-c", "id -u; id -g; id -un; touch /tmp/probe && echo tmp writable; "
						+ "touch /app/probe || echo root read-only"),
				Map.of());

		assertThat(result.out().lines()).containsExactly("10001", "10001", "nightscore", "tmp writable",
				"root read-only");
		assertThat(result.err()).contains("Read-only file system");
	}

	@Test
	void theImagesEntrypointScoresTheSampleDataIntoPostgreSql() {
		TestDatabase.reset();
		Map<String, String> environment = new HashMap<>(TestDatabase.environment());
		// the root has no resolver configuration of its own
		environment.put("SPRING_DATASOURCE_URL", TestDatabase.url().replace("//localhost:", "//127.0.0.1:"));
		environment.put("TZ", "Europe/Berlin");
		environment.put("NIGHTSCORE_INPUT", "/data/customers");
		environment.put("NIGHTSCORE_MODEL", "/data/churn-model.json");
		environment.put("NIGHTSCORE_MODEL_VERSION", "churn-sample");
		List<String> command = new ArrayList<>(image.entrypoint());
		command.addAll(List.of("score", "--scoring-date", "2026-11-22"));

		Result result = runInContainer(command, environment);

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("completed and is published: 40000 rows scored");
		assertThat(result.err()).doesNotContain("Exception", "WARN");
		assertThat(TestDatabase.jdbc()
			.queryForObject("SELECT count(*) FROM customer_scores WHERE model_version = 'churn-sample'"
					+ " AND scoring_date = DATE '2026-11-22'", Long.class))
			.isEqualTo(40000L);
		assertThat(TestDatabase.jdbc()
			.queryForObject("SELECT rows_scored FROM scoring_run WHERE published AND status = 'PUBLISHED'", Long.class))
			.isEqualTo(40000L);
	}

	/**
	 * Run a command in the unpacked image as its user, in a new mount namespace: root
	 * read-only, a fresh {@code /tmp}, the sample data read-only at {@code /data}, the
	 * host's {@code /dev}, {@code /proc} and {@code /sys}, the host's network; the
	 * environment is the image's plus {@code environment}.
	 */
	private static Result runInContainer(List<String> command, Map<String, String> environment) {
		Path tmp = ImageBuild.WORK.resolve("tmp-" + System.nanoTime());
		mkdirs(tmp);
		try {
			Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String script = """
				set -e
				r="$1"; d="$2"; t="$3"; u="$4"; w="$5"; shift 5
				mount --bind "$r" "$r"
				mount --rbind /dev "$r/dev"
				mount --rbind /sys "$r/sys"
				mount -t proc proc "$r/proc"
				mount --bind "$d" "$r/data"
				mount -o remount,bind,ro "$r/data"
				mount --bind "$t" "$r/tmp"
				mount -o remount,bind,ro "$r"
				exec chroot --userspec="$u" "$r" sh -c 'cd "$0" && exec "$@"' "$w" env -i "$@"
				""";
		List<String> unshare = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
				script, "container", root.toString(), Path.of("sample-data").toAbsolutePath().toString(),
				tmp.toString(), image.user(), image.workingDir()));
		Map<String, String> merged = new HashMap<>(image.environment());
		merged.putAll(environment);
		merged.forEach((name, value) -> unshare.add(name + "=" + value));
		unshare.addAll(command);
		return Processes.run(unshare, Duration.ofMinutes(5));
	}

	private static void mkdirs(Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
