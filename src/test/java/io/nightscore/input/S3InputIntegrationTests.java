package io.nightscore.input;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.nightscore.sampledata.ChurnDataGenerator;
import io.nightscore.support.Backends;
import io.nightscore.support.Broker;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.FaultyTcpProxy;
import io.nightscore.support.HeldWrite;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Predictions;
import io.nightscore.support.S3Server;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input and model on S3-compatible object storage, read through S3A from a real S3 server
 * (S3Proxy) on 127.0.0.1: the same scores as from local files, configuration errors as
 * exit 2 naming the URI (never a credential), a replaced object refused on restart, and a
 * network that resets connections mid-response survived with every customer once.
 */
@JobIntegrationTest
class S3InputIntegrationTests {

	static final String BUCKET = "features";

	static final String DATE = "2026-11-22";

	@TempDir
	static Path shared;

	static S3Server s3;

	static ChurnInputs inputs;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	@BeforeAll
	static void startServer() throws Exception {
		s3 = S3Server.start(shared.resolve("s3"));
		s3.createBucket(BUCKET);
		inputs = ChurnInputs.generate(shared.resolve("local/" + DATE), 3000, 2, 13);
		Files.writeString(inputs.directory().resolve("_SUCCESS"), "");
		s3.uploadDirectory(inputs.directory(), BUCKET, DATE);
		s3.upload(ChurnInputs.MODEL, BUCKET, "models/churn-model.json");
	}

	@AfterAll
	static void stopServer() {
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void inputAndModelOnS3ScoreExactlyAsTheSameFilesReadLocally() {
		Result local = Nightscore.run(inputs.score("--scoring-date", DATE));
		assertThat(local.exitCode()).as(local.toString()).isZero();
		List<Map<String, Object>> fromLocal = publishedScores();

		Result remote = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), "s3a://" + BUCKET + "/" + DATE,
				"s3a://" + BUCKET + "/models/churn-model.json", "--require-marker", "_SUCCESS", "--rerun");

		assertThat(remote.exitCode()).as(remote.toString()).isZero();
		assertThat(publishedScores()).as("customer_scores read from S3").isEqualTo(fromLocal).hasSize(3000);
		Predictions.assertPublishedExactlyOnce(2, inputs.expected());
		String snapshot = this.jdbc.queryForObject("SELECT input_snapshot::text FROM scoring_run WHERE run_id = 2",
				String.class);
		assertThat(snapshot).contains("s3a://" + BUCKET + "/" + DATE + "/customers-00000.parquet")
			.contains("\"etag\": \"\\\"");
		assertThat(remote.out() + remote.err()).doesNotContain(S3Server.SECRET_KEY);
	}

	@Test
	void credentialsComeFromTheStandardAwsVariablesAndSettingsFromTheEnvironment() throws Exception {
		Map<String, String> environment = new java.util.HashMap<>(NightscoreProcess.environment("nightscore-s3"));
		environment.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
		environment.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
		environment.put("NIGHTSCORE_HADOOP_PROPERTY",
				S3Server.hadoopProperties(s3.endpoint())
					.entrySet()
					.stream()
					.map((property) -> property.getKey() + "=" + property.getValue())
					.collect(java.util.stream.Collectors.joining("\n")));
		environment.put("NIGHTSCORE_INPUT", "s3a://" + BUCKET + "/" + DATE);
		environment.put("NIGHTSCORE_MODEL", "s3a://" + BUCKET + "/models/churn-model.json");

		Result result = NightscoreProcess.run(this.dir, environment, "score", "--scoring-date", DATE);

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out() + result.err()).doesNotContain(S3Server.SECRET_KEY);
		Predictions.assertPublishedExactlyOnce(1, inputs.expected());
	}

	@Test
	void missingBucketIsAConfigurationErrorNamingTheUri() {
		Result result = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), "s3a://no-such-bucket/" + DATE,
				ChurnInputs.MODEL.toString());

		assertRefused(result, 2, "Input s3a://no-such-bucket/" + DATE
				+ ": the bucket does not exist (or the endpoint does not serve it): check the URI and fs.s3a.endpoint");
	}

	@Test
	void missingObjectIsAConfigurationErrorAndMissingParentIsATypo() {
		Result missing = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), "s3a://" + BUCKET + "/2026-11-29",
				ChurnInputs.MODEL.toString());
		Result typo = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY),
				"s3a://" + BUCKET + "/featurs/" + DATE, ChurnInputs.MODEL.toString());
		Result missingModel = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY),
				"s3a://" + BUCKET + "/" + DATE, "s3a://" + BUCKET + "/models/nope.json");

		assertRefused(missing, 2, "Input s3a://" + BUCKET + "/2026-11-29 does not exist: check --input, or give"
				+ " --wait-for-input DURATION if upstream may still be writing it");
		assertRefused(typo, 2, "Input s3a://" + BUCKET + "/featurs/" + DATE + " does not exist, and neither does its"
				+ " parent s3a://" + BUCKET + "/featurs: this is most likely a typo in --input; check the path");
		assertRefused(missingModel, 2,
				"Model file s3a://" + BUCKET + "/models/nope.json does not exist: check --model");
	}

	@Test
	void missingObjectUnderWaitForInputIsWaitedForAndScoredOnceUpstreamWritesIt() throws Exception {
		String prefix = "2026-12-06"; // its parent (the bucket) exists: a week not
										// written yet
		CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(
				() -> score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), "s3a://" + BUCKET + "/" + prefix,
						ChurnInputs.MODEL.toString(), "--wait-for-input", "30s", "--require-marker", "_SUCCESS"));
		Thread.sleep(4_000);
		assertThat(waiting).as("still waiting for the object").isNotDone();

		s3.uploadDirectory(inputs.directory(), BUCKET, prefix);
		Result result = waiting.get(5, TimeUnit.MINUTES);

		assertThat(result.exitCode()).as(result.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, inputs.expected());
	}

	@Test
	void credentialsWrittenIntoTheUriAreRefusedWithoutShowingThem() {
		Result input = score(s3.options(null, null),
				"s3a://AKIAEXAMPLEKEY:" + S3Server.SECRET_KEY + "@" + BUCKET + "/" + DATE,
				ChurnInputs.MODEL.toString());
		Result model = score(s3.options(null, null), "s3a://" + BUCKET + "/" + DATE,
				"s3a://AKIAEXAMPLEKEY:" + S3Server.SECRET_KEY + "@" + BUCKET + "/models/churn-model.json");

		assertThat(input.exitCode()).as(input.toString()).isEqualTo(2);
		assertThat(input.err()).contains("--input s3a://***@" + BUCKET + "/" + DATE
				+ " carries credentials in its URI, where they would be logged and stored with the run");
		assertThat(model.exitCode()).as(model.toString()).isEqualTo(2);
		assertThat(model.err())
			.contains("--model s3a://***@" + BUCKET + "/models/churn-model.json carries credentials");
		assertThat(input.out() + input.err() + model.out() + model.err()).doesNotContain(S3Server.SECRET_KEY)
			.doesNotContain("AKIAEXAMPLEKEY");
		assertThat(Predictions.committed()).isZero();
	}

	@Test
	void remoteWorkersReadTheS3InputWithTheirOwnHadoopProperties() {
		String queue = Broker.queue("s3-partitions");
		Broker.deleteQueue(Broker.PORT, queue);
		Map<String, String> environment = NightscoreProcess.environment("nightscore-s3-worker");
		environment.put("SPRING_RABBITMQ_HOST", Broker.HOST);
		environment.put("SPRING_RABBITMQ_PORT", Integer.toString(Broker.PORT));
		List<String> worker = new ArrayList<>(
				List.of("worker", "--queue", queue, "--threads", "2", "--idle-timeout", "600"));
		worker.addAll(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
		try (NightscoreProcess workers = NightscoreProcess.start(this.dir, environment,
				worker.toArray(String[]::new))) {
			Result manager = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), "s3a://" + BUCKET + "/" + DATE,
					"s3a://" + BUCKET + "/models/churn-model.json", "--workers", "remote", "--partitions", "4",
					"--queue", queue);

			assertThat(manager.exitCode()).as(manager + "\nworker: " + workers.err()).isZero();
			assertThat(workers.err().lines().filter((line) -> line.contains("ended COMPLETED")))
				.as("partitions the worker scored from S3")
				.hasSize(4);
			assertThat(workers.err()).doesNotContain(S3Server.SECRET_KEY);
		}
		finally {
			Broker.deleteQueue(Broker.PORT, queue);
		}
		Predictions.assertPublishedExactlyOnce(1, inputs.expected());
	}

	@Test
	void wrongCredentialsAreAConfigurationErrorThatNeverShowsTheSecret() {
		Result result = score(s3.options(S3Server.ACCESS_KEY, "Wrong-Secret-Key-987654321"),
				"s3a://" + BUCKET + "/" + DATE, ChurnInputs.MODEL.toString());

		assertRefused(result, 2, "Input s3a://" + BUCKET + "/" + DATE
				+ " cannot be read: access denied (403): the credentials are wrong, or lack read permission on it; check the"
				+ " Secret's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
		assertThat(result.out() + result.err()).doesNotContain("Wrong-Secret-Key-987654321")
			.doesNotContain(S3Server.SECRET_KEY);
	}

	@Test
	void objectReplacedBetweenAFailedAttemptAndItsRestartIsRefusedAsChangedInput() throws Exception {
		ChurnInputs replaced = ChurnInputs.generate(this.dir.resolve("in"), 3000, 2, 17);
		s3.uploadDirectory(replaced.directory(), BUCKET, "replaced");
		List<String> command = command(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY),
				"s3a://" + BUCKET + "/replaced", ChurnInputs.MODEL.toString(), "--chunk-size", "500", "--threads", "1");
		TestDatabase.failInsertsOf("C00002200");
		Result failed = Nightscore.run(command.toArray(String[]::new));
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		TestDatabase.stopFailingInserts();
		long committed = Predictions.committed();

		// the same customers with other values: a new object with a new ETag
		Path other = this.dir.resolve("other.parquet");
		new ChurnDataGenerator(99).writeParquetFile(other, 0, 1500, ChurnInputs.SMALL_ROW_GROUPS);
		Path original = replaced.files().get(0);
		s3.upload(other, BUCKET, "replaced/" + original.getFileName());
		Result refused = Nightscore.run(command.toArray(String[]::new));

		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
		assertThat(refused.err().lines()).singleElement()
			.asString()
			.startsWith("Run 1 cannot resume: its input or model changed since it started (s3a://" + BUCKET
					+ "/replaced/" + original.getFileName() + " was replaced (ETag ")
			.endsWith("Resuming would mix two data sets: start the date afresh with --rerun");
		assertThat(Predictions.committed()).isEqualTo(committed);
	}

	@Test
	void objectReplacedAfterTheSnapshotIsRefusedRatherThanScored() throws Exception {
		ChurnInputs original = ChurnInputs.generate(this.dir.resolve("in"), 3000, 2, 19);
		s3.uploadDirectory(original.directory(), BUCKET, "midrun");
		// the run is held where it records its snapshot, before any partition opens a
		// file
		HeldWrite.install("scoring_run", "INSERT", "true");
		String application = "nightscore-s3-midrun";
		Result result;
		String replaced = "midrun/" + original.files().get(1).getFileName();
		try (NightscoreProcess run = NightscoreProcess.start(this.dir, NightscoreProcess.environment(application),
				command(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), "s3a://" + BUCKET + "/midrun",
						ChurnInputs.MODEL.toString(), "--threads", "1")
					.toArray(String[]::new))) {
			run.awaitWhileRunning("the run held where it records its snapshot", Duration.ofMinutes(5),
					() -> !Backends.sleeping(application).isEmpty());

			// upstream rewrites the second file: the same customers and row groups, other
			// values
			Path other = this.dir.resolve("other.parquet");
			new ChurnDataGenerator(99).writeParquetFile(other, 1500, 1500, ChurnInputs.SMALL_ROW_GROUPS);
			s3.upload(other, BUCKET, replaced);
			HeldWrite.release();
			result = run.await(Duration.ofMinutes(5));
		}

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().lines().filter((line) -> !line.contains(" INFO "))).as(result.toString())
			.singleElement()
			.asString()
			.startsWith("The input changed after the run started (s3a://" + BUCKET + "/" + replaced
					+ " was replaced (ETag ")
			.endsWith("): scoring on would mix two data sets; start the date afresh with --rerun once upstream has"
					+ " finished writing it");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction WHERE source_file = 1", Long.class))
			.as("rows of the replaced object scored")
			.isZero();
	}

	@Test
	void modelOnStorageThatIsDownIsOneLineAndExitOneNotAStackTrace() throws Exception {
		int deadPort;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			deadPort = probe.getLocalPort();
		}

		Result result = score(
				S3Server.options("http://127.0.0.1:" + deadPort, S3Server.ACCESS_KEY, S3Server.SECRET_KEY),
				inputs.directory().toString(), "s3a://" + BUCKET + "/models/churn-model.json");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
		assertThat(result.err().lines().filter((line) -> !line.contains(" INFO ") && !line.contains(" WARN ")))
			.as(result.toString())
			.singleElement()
			.asString()
			.startsWith("Model file s3a://" + BUCKET + "/models/churn-model.json cannot be read: ")
			.endsWith("(the storage failed after retries); run the same command again once the storage is reachable");
		assertThat(Predictions.committed()).isZero();
	}

	@Test
	void objectsWithoutAnETagAreAConfigurationErrorThatSaysHowToReadThem() throws Exception {
		// written into S3Proxy's storage behind its back: served without an ETag, as
		// by a store that has none
		Path object = shared.resolve("s3/data/" + BUCKET + "/no-etag/" + inputs.files().get(0).getFileName());
		Files.createDirectories(object.getParent());
		Files.copy(inputs.files().get(0), object);

		Result input = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), "s3a://" + BUCKET + "/no-etag",
				ChurnInputs.MODEL.toString());
		Result model = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), inputs.directory().toString(),
				"s3a://" + BUCKET + "/no-etag/" + object.getFileName());
		Result unchecked = score(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY), "s3a://" + BUCKET + "/no-etag",
				ChurnInputs.MODEL.toString(), "--hadoop-property", "fs.s3a.change.detection.version.required=false");

		String advice = " cannot be read: the object store returns no ETag for it, which S3A's change detection"
				+ " (fs.s3a.change.detection.mode=server, nightscore's default) needs to notice a replaced object; use a"
				+ " store that returns ETags, or give --hadoop-property fs.s3a.change.detection.version.required=false to read it"
				+ " without that check";
		assertThat(input.exitCode()).as(input.toString()).isEqualTo(2);
		assertThat(input.err().lines().filter((line) -> !line.contains(" INFO "))).as(input.toString())
			.containsExactly("Parquet file s3a://" + BUCKET + "/no-etag/" + object.getFileName() + advice);
		assertThat(model.exitCode()).as(model.toString()).isEqualTo(2);
		assertThat(model.err().lines().filter((line) -> !line.contains(" INFO "))).as(model.toString())
			.containsExactly("Model file s3a://" + BUCKET + "/no-etag/" + object.getFileName() + advice);
		assertThat(unchecked.exitCode()).as(unchecked.toString()).isZero();
	}

	@Test
	void connectionsResetMidResponseAreRetriedAndEveryCustomerIsScoredOnce() throws Exception {
		try (FaultyTcpProxy flaky = FaultyTcpProxy.start(s3.port(), 48 * 1024)) {
			// S3A's own retry budget (fs.s3a.retry.limit=7), not the tests' shorter one
			Result result = score(S3Server.options(flaky.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY),
					"s3a://" + BUCKET + "/" + DATE, "s3a://" + BUCKET + "/models/churn-model.json", "--chunk-size",
					"500", "--hadoop-property", "fs.s3a.retry.limit=7", "--hadoop-property",
					"fs.s3a.attempts.maximum=5");

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(flaky.resets()).as("connections reset mid-response").isPositive();
		}
		Predictions.assertPublishedExactlyOnce(1, inputs.expected());
	}

	@Test
	void serverDownFailsRestartableAndTheSameCommandResumesOnceItIsBack() throws Exception {
		List<String> command = command(s3.options(S3Server.ACCESS_KEY, S3Server.SECRET_KEY),
				"s3a://" + BUCKET + "/" + DATE, ChurnInputs.MODEL.toString());
		s3.stop();
		Result down;
		try {
			down = Nightscore.run(command.toArray(String[]::new));
		}
		finally {
			s3.startProcess();
		}
		assertThat(down.exitCode()).as(down.toString()).isEqualTo(1);
		assertThat(down.err().lines()).singleElement()
			.asString()
			.startsWith("Run 1 failed: Input s3a://" + BUCKET + "/" + DATE + " cannot be read: ")
			.endsWith("(the storage failed after retries); run the same command again to resume it from its last"
					+ " committed chunk");

		Result resumed = Nightscore.run(command.toArray(String[]::new));

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, inputs.expected());
	}

	private List<Map<String, Object>> publishedScores() {
		return this.jdbc.queryForList(
				"SELECT customer_id, score, risk_band, model_version FROM customer_scores ORDER BY customer_id");
	}

	private void assertRefused(Result result, int exitCode, String message) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
		assertThat(result.err().lines()).as(result.toString()).containsExactly(message);
		assertThat(Predictions.committed()).isZero();
	}

	private static Result score(List<String> s3Options, String input, String model, String... options) {
		return Nightscore.run(command(s3Options, input, model, options).toArray(String[]::new));
	}

	private static List<String> command(List<String> s3Options, String input, String model, String... options) {
		List<String> command = new ArrayList<>(
				List.of("score", "--input", input, "--model", model, "--scoring-date", DATE));
		command.addAll(s3Options);
		command.addAll(Stream.of(options).toList());
		return command;
	}

}
