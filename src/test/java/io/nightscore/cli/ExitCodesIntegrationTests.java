package io.nightscore.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.nightscore.support.ChurnInputs;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Predictions;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure of the real jar lands on the exit code that names its fix, in exactly one
 * line on standard error: a database that does not exist or a role PostgreSQL does not
 * know is configuration (2, a retry fails the same way); an unknown host or a refused
 * connection is transient (1); Ctrl-C stops the run at a chunk boundary, says SIGINT and
 * exits 130.
 */
@JobIntegrationTest
class ExitCodesIntegrationTests {

	final String applicationName = "nightscore-it-" + UUID.randomUUID();

	@TempDir
	Path logs;

	@Test
	void aDatabaseThatDoesNotExistIsConfigurationForScoreAndRuns() {
		Map<String, String> environment = withUrl(
				TestDatabase.url().replaceFirst("/[^/?]+\\?", "/nightscore_no_such_database?"));

		Result score = NightscoreProcess.run(this.logs, environment, sampleScore());
		Result runs = NightscoreProcess.run(this.logs, environment, "runs");

		assertOneLine(score, ExitCode.CONTRACT, "database \"nightscore_no_such_database\" does not exist");
		assertThat(score.err()).contains("check the database settings (SPRING_DATASOURCE_URL");
		assertOneLine(runs, ExitCode.CONTRACT, "database \"nightscore_no_such_database\" does not exist");
	}

	@Test
	void aRoleThatPostgreSqlRefusesIsConfigurationForEveryCommand() {
		Map<String, String> environment = NightscoreProcess.environment(this.applicationName);
		environment.put("SPRING_DATASOURCE_USERNAME", "nightscore_no_such_role");

		Result score = NightscoreProcess.run(this.logs, environment, sampleScore());
		List<Result> others = List.of(NightscoreProcess.run(this.logs, environment, "resume", "1"),
				NightscoreProcess.run(this.logs, environment, "prune"),
				NightscoreProcess.run(this.logs, environment, "publish", "1", "--note", "reviewed"),
				NightscoreProcess.run(this.logs, environment, "runs", "show", "1"));

		assertOneLine(score, ExitCode.CONTRACT, "\"nightscore_no_such_role\"");
		for (Result other : others) {
			assertOneLine(other, ExitCode.CONTRACT, "\"nightscore_no_such_role\"");
			assertThat(other.err()).contains("check the database settings", "a retry is refused the same way");
		}
	}

	@Test
	void aDatabaseUrlThatIsWrongIsConfigurationForEveryCommand() {
		Map<String, String> notANumber = withUrl(
				TestDatabase.url().replaceFirst("//([^/:]+)(:\\d+)?/", "//$1:notaport/"));
		Map<String, String> notPostgreSql = withUrl(
				TestDatabase.url().replaceFirst("jdbc:postgresql:", "jdbc:postgres:"));
		Map<String, String> unknownSetting = withUrl(TestDatabase.url() + "&sslmode=bogus");

		for (Map<String, String> environment : List.of(notANumber, notPostgreSql, unknownSetting)) {
			for (Result result : List.of(NightscoreProcess.run(this.logs, environment, "runs"),
					NightscoreProcess.run(this.logs, environment, "prune"),
					NightscoreProcess.run(this.logs, environment, sampleScore()))) {
				assertOneLine(result, ExitCode.CONTRACT, "nightscore: the database URL is wrong (");
				assertThat(result.err()).contains("check SPRING_DATASOURCE_URL", "a retry is refused the same way")
					.doesNotContain("restartable", "Once the database is reachable");
			}
		}
	}

	@Test
	void aPasswordWrittenIntoTheDatabaseUrlIsNeverPrinted() {
		Map<String, String> userInfo = withUrl(
				TestDatabase.url().replaceFirst("//", "//nightscore:S3cr3tDbPw@").replaceFirst("\\?.*", ""));
		Map<String, String> badPort = withUrl(
				TestDatabase.url().replaceFirst("//([^/:]+)(:\\d+)?/", "//$1:notaport/") + "&password=S3cr3tDbPw");

		List<Result> results = List.of(NightscoreProcess.run(this.logs, userInfo, "runs"),
				NightscoreProcess.run(this.logs, userInfo, "prune"), NightscoreProcess.run(this.logs, badPort, "runs"));

		for (Result result : results) {
			assertThat(result.exitCode()).as(result.toString()).isNotZero();
			assertThat(result.err()).as(result.toString()).contains("nightscore: ").doesNotContain("S3cr3tDbPw");
			assertThat(result.out()).doesNotContain("S3cr3tDbPw");
		}
	}

	@Test
	void hikariSettingsFromTheEnvironmentWorkWrittenAsOneWordAndAreConfigurationOtherwise() {
		Map<String, String> ambiguous = NightscoreProcess.environment(this.applicationName);
		ambiguous.put("SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT", "5000");
		ambiguous.put("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "8");
		Map<String, String> oneWord = NightscoreProcess.environment(this.applicationName);
		oneWord.put("SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", "5000");
		oneWord.put("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", "8");

		Result refused = NightscoreProcess.run(this.logs, ambiguous, sampleScore());
		// the fat jar, as the README's first command runs it (other children run it
		// extracted)
		Result scored = NightscoreProcess.runFatJar(this.logs, oneWord, sampleScore());

		assertOneLine(refused, ExitCode.CONTRACT, "write the setting's name without that underscore"
				+ " (SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT=5000)");
		assertThat(scored.exitCode()).as(scored.toString()).isZero();
	}

	@Test
	void anUnknownHostOrARefusedConnectionIsTransient() throws IOException {
		Result unknownHost = NightscoreProcess.run(this.logs,
				withUrl(TestDatabase.url().replaceFirst("//[^/]+/", "//nightscore-no-such-host.invalid:5432/")),
				sampleScore());
		int closedPort;
		try (var socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Result refused = NightscoreProcess.run(this.logs,
				withUrl(TestDatabase.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + closedPort + "/")), "runs");

		assertOneLine(unknownHost, ExitCode.FAILED, "nightscore-no-such-host.invalid");
		assertOneLine(refused, ExitCode.FAILED, "refused");
		assertThat(refused.out()).isEmpty();
	}

	@Test
	void runsOnAnEmptySchemaSaysThereAreNoRunsAndCreatesNothing() {
		Result runs = Nightscore.run("runs");

		assertThat(runs.exitCode()).as(runs.toString()).isZero();
		assertThat(runs.err().lines()).containsExactly(
				"nightscore: no runs yet: the database schema has no nightscore tables (the first 'nightscore score' creates them)");
		assertThat(TestDatabase.jdbc()
			.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = ?", Long.class, TestDatabase.SCHEMA))
			.isZero();
	}

	@Test
	void ctrlCStopsTheRunAtAChunkBoundarySaysSigintAndExits130() throws Exception {
		// a process started from a background job inherits SIGINT ignored (as the shell
		// sets it), and then no Ctrl-C can reach it: nothing to test there
		org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(),
				"SIGINT is ignored by this process (started in the background), and so by its children");
		ChurnInputs input = ChurnInputs.recovery();
		String[] command = input.score("--scoring-date", "2026-11-22", "--chunk-size", "150", "--threads", "2");
		Result stopped;
		try (NightscoreProcess child = NightscoreProcess.start(this.logs,
				NightscoreProcess.environment(this.applicationName), command)) {
			child.awaitWhileRunning("a quarter of the predictions", Duration.ofMinutes(2),
					() -> Predictions.committed() >= input.rows() / 4);

			new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
			stopped = child.await(Duration.ofMinutes(1));
		}

		assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(130);
		assertThat(stopped.err()).contains("Stop requested (SIGINT): stopping run 1 at the next chunk boundary")
			.contains("Run 1 stopped at a chunk boundary; run the same command again to resume it")
			.doesNotContain("SIGTERM", "\tat ");
		assertThat(TestDatabase.jdbc().queryForObject("SELECT status FROM scoring_run", String.class))
			.isEqualTo("STOPPED");
	}

	/** Whether this process ignores SIGINT (bit 2 of /proc/self/status's SigIgn). */
	private static boolean sigintIgnored() throws java.io.IOException {
		Path status = Path.of("/proc/self/status");
		if (!java.nio.file.Files.isReadable(status)) {
			return false;
		}
		return java.nio.file.Files.readAllLines(status)
			.stream()
			.filter((line) -> line.startsWith("SigIgn:"))
			.map((line) -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16))
			.anyMatch((mask) -> (mask & 0x2L) != 0);
	}

	private Map<String, String> withUrl(String url) {
		Map<String, String> environment = NightscoreProcess.environment(this.applicationName);
		environment.put("SPRING_DATASOURCE_URL", url);
		return environment;
	}

	private static String[] sampleScore() {
		return new String[] { "score", "--input", "sample-data/customers", "--model", "sample-data/churn-model.json",
				"--scoring-date", "2026-11-22" };
	}

	/**
	 * The process exited with {@code code} and printed exactly one line on standard
	 * error, containing {@code text}: no stack trace, no "Exception in thread", no Spring
	 * Boot failure report, no logback status lines.
	 */
	private static void assertOneLine(Result result, int code, String text) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(code);
		List<String> lines = result.err().lines().filter((line) -> !line.isBlank()).toList();
		assertThat(lines).as(result.toString()).singleElement().asString().contains(text);
		assertThat(result.err()).doesNotContain("Exception in thread", "APPLICATION FAILED TO START", "|-");
	}

}
