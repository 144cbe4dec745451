package io.nightscore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.nightscore.support.Nightscore.Result;

/**
 * The real {@code target/nightscore.jar} running as a child process against the test
 * schema, as the CronJob runs it: what a test kills with SIGKILL, stops with SIGTERM or
 * cuts off from the database. Its output and error output go to files, readable while it
 * runs. {@code mvn verify} packages the jar before failsafe runs the integration tests;
 * from an IDE, run {@code mvn package -DskipTests} first.
 *
 * <p>
 * Children run the jar's extracted layout ({@code java -Djarmode=tools -jar ...
 * extract}, made once per jar in {@code target/nightscore-extracted-*}): plain jars on
 * the class path, as the image and the README's launcher run it, which starts a scoring
 * child about 1.4 s sooner than the fat jar's nested-jar class loader
 * ({@code bench/startup.sh}: score's fixed cost 3.4 s against 4.8 s), with a class-data
 * sharing archive made for that extraction by one training run (the README's launcher
 * with CDS: the classes of a {@code score} come parsed and verified from the archive,
 * about 0.7 s and 1.4 CPU seconds less per scoring child). {@link #runFatJar} runs the
 * fat jar itself, as the README's first command does.
 */
public final class NightscoreProcess implements AutoCloseable {

	static final Path JAR = Path.of("target", "nightscore.jar");

	/** Where the jar is extracted for the children, with a checksum of the jar. */
	static final Path EXTRACTED = Path.of("target", "nightscore-extracted");

	private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	/**
	 * JVM options every child gets before its own: only the quick JIT compiler (C1),
	 * which halves the CPU a short-lived child spends starting (measured on {@code runs}:
	 * 4.8 to 2.2 CPU seconds) and changes nothing the tests check. The children that
	 * score keep it too: the tests' runs are too short for C2 to pay back its compiler
	 * threads on two shared cores (120,000 rows at chunk size 150, two runs each: C1 14.8
	 * s and 9.5 s wall, 12.8 CPU s; C2 17.9 s and 11.6 s, 20 CPU s; three remote workers
	 * on 200,000 rows: 50 s with C1, 70 s without). And the batch commands' Spring
	 * context as prepared at build time, as the image and the launcher start it
	 * ({@code AheadOfTimeContext}). Override with the system property
	 * {@code nightscore.test.child-jvm-options} (empty for none).
	 */
	private static final List<String> CHILD_JVM_OPTIONS = List
		.of(System.getProperty("nightscore.test.child-jvm-options", "-XX:TieredStopAtLevel=1 -Dspring.aot.enabled=true")
			.split("\\s+"))
		.stream()
		.filter((option) -> !option.isEmpty())
		.toList();

	private final Process process;

	private final Path out;

	private final Path err;

	private NightscoreProcess(Process process, Path out, Path err) {
		this.process = process;
		this.out = out;
		this.err = err;
	}

	/**
	 * The environment that points a child at the test schema, its connections named
	 * {@code applicationName} in {@code pg_stat_activity} so that a test can find them.
	 */
	public static Map<String, String> environment(String applicationName) {
		Map<String, String> environment = new HashMap<>(TestDatabase.environment());
		environment.put("SPRING_DATASOURCE_URL", TestDatabase.url() + "&ApplicationName=" + applicationName);
		return environment;
	}

	/**
	 * Like {@link #environment(String)}, with the database reached through
	 * {@code 127.0.0.1:port} (a {@link TcpProxy}).
	 */
	public static Map<String, String> environment(String applicationName, int port) {
		Map<String, String> environment = environment(applicationName);
		environment.put("SPRING_DATASOURCE_URL", environment.get("SPRING_DATASOURCE_URL")
			.replaceFirst("^jdbc:postgresql://[^/]+/", "jdbc:postgresql://127.0.0.1:" + port + "/"));
		return environment;
	}

	/**
	 * Start {@code java -jar target/nightscore.jar args...}.
	 * @param logs a directory for the child's output files
	 */
	public static NightscoreProcess start(Path logs, Map<String, String> environment, String... args) {
		return start(logs, environment, List.of(), args);
	}

	/**
	 * Start {@code java <jvmOptions...> -jar target/nightscore.jar args...}, e.g. with
	 * {@code -Xmx64m}.
	 * @param logs a directory for the child's output files
	 */
	public static NightscoreProcess start(Path logs, Map<String, String> environment, List<String> jvmOptions,
			String... args) {
		Path launcher = extracted();
		List<String> options = new ArrayList<>(classDataSharing(launcher));
		options.addAll(jvmOptions);
		return start(launcher, logs, environment, options, args);
	}

	/**
	 * Run {@code java -jar target/nightscore.jar args...}, the fat jar as the README's
	 * first command runs it, and wait for it to exit.
	 */
	public static Result runFatJar(Path logs, Map<String, String> environment, String... args) {
		try (NightscoreProcess process = start(JAVA, JAR.toAbsolutePath(), logs, environment, List.of(), args)) {
			return process.await(Duration.ofMinutes(3));
		}
	}

	/**
	 * Run the extracted launcher on another JVM ({@code java}, its {@code bin/java}),
	 * without the class-data sharing archive (made for the tests' own JVM), and wait for
	 * it to exit.
	 */
	public static Result runOn(Path java, Path logs, Map<String, String> environment, String... args) {
		try (NightscoreProcess process = start(java, extracted(), logs, environment, List.of(), args)) {
			return process.await(Duration.ofMinutes(3));
		}
	}

	private static NightscoreProcess start(Path jar, Path logs, Map<String, String> environment,
			List<String> jvmOptions, String... args) {
		return start(JAVA, jar, logs, environment, jvmOptions, args);
	}

	private static NightscoreProcess start(Path java, Path jar, Path logs, Map<String, String> environment,
			List<String> jvmOptions, String... args) {
		try {
			Files.createDirectories(logs);
			Path out = Files.createTempFile(logs, "nightscore-", ".out");
			Path err = Files.createTempFile(logs, "nightscore-", ".err");
			List<String> command = new ArrayList<>(List.of(java.toString()));
			command.addAll(CHILD_JVM_OPTIONS);
			command.addAll(jvmOptions);
			command.addAll(List.of("-jar", jar.toString()));
			command.addAll(List.of(args));
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(err.toFile());
			builder.environment().putAll(environment);
			return new NightscoreProcess(builder.start(), out, err);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + JAR + " (run mvn package first)", ex);
		}
	}

	/**
	 * The extracted layout's launcher jar, extracted from {@link #JAR} on first use into
	 * a directory named after a checksum of the jar's bytes (a rebuilt jar gets a
	 * directory of its own; its modification time cannot tell, as the build fixes it for
	 * reproducible jars). It is extracted into a fresh directory and moved into place, so
	 * a concurrent reader never sees half of it, and an extraction that another test JVM
	 * finished first is used as it is.
	 */
	static synchronized Path extracted() {
		try {
			Path jar = JAR.toAbsolutePath();
			Path directory = jar.resolveSibling(EXTRACTED.getFileName() + "-" + checksum(jar));
			Path launcher = directory.resolve("nightscore.jar");
			if (Files.exists(launcher)) {
				return launcher;
			}
			Path fresh = Files.createTempDirectory(jar.getParent(), "nightscore-extracting-");
			Process extract = new ProcessBuilder(JAVA.toString(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
					"--force", "--destination", fresh.toString())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
				extract.destroyForcibly();
				throw new IllegalStateException("Extracting " + JAR + " into " + fresh + " failed");
			}
			try {
				Files.move(fresh, directory, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			}
			catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException another) {
				deleteTree(fresh);
			}
			return launcher;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot extract " + JAR + " (run mvn package first)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted extracting " + JAR, ex);
		}
	}

	/**
	 * The JVM option that maps the launcher's class-data sharing archive, made on first
	 * use next to the launcher by a training run ({@code -XX:ArchiveClassesAtExit}): a
	 * {@code score} of the sample data into a scratch schema, dropped after, without
	 * reasons (4.4 s instead of 5.3 s; the explainer's few classes then load as usual, at
	 * no measurable cost: a C1 child's fixed cost stays 0.96-1.06 s). The archive is
	 * written under a temporary name and moved into place, so a concurrent child never
	 * maps half of one. No option when training fails: the children then start without
	 * the archive, and the tests report whatever made it fail.
	 */
	private static synchronized List<String> classDataSharing(Path launcher) {
		// one archive per JVM build: another JDK cannot use it
		Path archive = launcher.resolveSibling(
				"nightscore-" + System.getProperty("java.vm.version").replaceAll("[^A-Za-z0-9.+-]", "_") + ".jsa");
		if (!Files.exists(archive)) {
			train(launcher, archive);
		}
		// an archive the JVM cannot use is reported on standard output: not there
		return Files.exists(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off")
				: List.of();
	}

	private static void train(Path launcher, Path archive) {
		String schema = "_cds";
		Path dump = archive.resolveSibling("nightscore-training-" + ProcessHandle.current().pid() + ".jsa");
		try {
			Path logs = Files.createTempDirectory(launcher.getParent(), "nightscore-training-");
			try (NightscoreProcess training = start(launcher, logs, TestDatabase.scratchEnvironment(schema),
					List.of("-XX:ArchiveClassesAtExit=" + dump), "score", "--input",
					Path.of("sample-data", "customers").toAbsolutePath().toString(), "--model",
					Path.of("sample-data", "churn-model.json").toAbsolutePath().toString(), "--scoring-date",
					"2000-01-02", "--explain-top", "0", "--shap-sample", "0")) {
				if (training.await(Duration.ofMinutes(3)).exitCode() == 0 && Files.exists(dump)) {
					Files.move(dump, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
					deleteTree(logs);
				}
			}
		}
		catch (IOException | UncheckedIOException | AssertionError ex) {
			// no archive (the training failed, or did not exit in time; its output is
			// left in target/): the children start without one
		}
		finally {
			TestDatabase.dropScratch(schema);
			try {
				Files.deleteIfExists(dump);
			}
			catch (IOException ex) {
				// a leftover in target/ only
			}
		}
	}

	/** CRC-32C of the file's bytes, in hex: a fraction of a second for the jar. */
	private static String checksum(Path file) throws IOException {
		java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
		try (var in = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 20];
			for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
				crc.update(buffer, 0, n);
			}
		}
		return Long.toHexString(crc.getValue());
	}

	private static void deleteTree(Path directory) throws IOException {
		try (var paths = Files.walk(directory)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/** Start it and wait for it to exit. */
	public static Result run(Path logs, Map<String, String> environment, String... args) {
		return run(logs, environment, List.of(), args);
	}

	/** Start it with {@code jvmOptions} and wait for it to exit. */
	public static Result run(Path logs, Map<String, String> environment, List<String> jvmOptions, String... args) {
		try (NightscoreProcess process = start(logs, environment, jvmOptions, args)) {
			return process.await(Duration.ofMinutes(3));
		}
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGKILL, as {@code kill -9}: no shutdown hook runs. */
	public Result kill() {
		this.process.destroyForcibly();
		return await(Duration.ofSeconds(30));
	}

	/** SIGTERM, as Kubernetes stopping the pod; does not wait. */
	public void terminate() {
		this.process.destroy();
	}

	/**
	 * Wait for the process to exit, killing it if it takes longer than {@code timeout}.
	 */
	public Result await(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor();
				throw new AssertionError("nightscore did not exit within " + timeout + "\n" + result());
			}
			return result();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Poll {@code condition} until it holds, failing if the process exits first or
	 * {@code timeout} passes.
	 */
	public void awaitWhileRunning(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (!this.process.isAlive()) {
				throw new AssertionError("nightscore exited before " + what + "\n" + result());
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what + "\n" + result());
			}
			sleep(Duration.ofMillis(20));
		}
	}

	/** What the process printed on standard error so far. */
	public String err() {
		return read(this.err);
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private Result result() {
		return new Result(this.process.isAlive() ? -1 : this.process.exitValue(), read(this.out), read(this.err));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
