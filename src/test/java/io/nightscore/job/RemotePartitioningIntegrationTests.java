package io.nightscore.job;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.nightscore.support.Backends;
import io.nightscore.support.Broker;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.HeldWrite;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.Predictions;
import io.nightscore.support.PrivateBroker;
import io.nightscore.support.TcpProxy;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote partitioning end to end: a manager ({@code score --workers remote}) and worker
 * processes of the real jar, the real RabbitMQ and PostgreSQL. Whatever is killed or cut,
 * the same command again publishes every customer exactly once, with the scores of a
 * local run.
 */
@JobIntegrationTest
class RemotePartitioningIntegrationTests {

	private static final String DATE = "2026-11-22";

	/**
	 * How long a process may take: the machine is shared, and four JVMs start at once.
	 */
	private static final Duration PATIENCE = Duration.ofMinutes(10);

	@TempDir
	static Path data;

	/**
	 * 24,000 customers in two files: 12 partitions of 2,000 rows, four chunks of 500
	 * each, so that a kill or a cut lands mid-partition with chunks committed on both
	 * sides of it (200,000 and 48,000 rows took longer and checked nothing more).
	 */
	static ChurnInputs input;

	@TempDir
	Path logs;

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	final String queue = Broker.queue("partitions");

	final List<NightscoreProcess> workers = new ArrayList<>();

	@BeforeAll
	static void generateInput() throws Exception {
		input = ChurnInputs.generate(data.resolve("customers"), 24_000, 2, 11);
	}

	@BeforeEach
	void emptyQueue() {
		Broker.deleteQueue(Broker.PORT, this.queue);
	}

	@AfterEach
	void stopWorkers() {
		this.workers.forEach(NightscoreProcess::close);
		// a failed test may leave a killed worker's held write sleeping:
		// it would block the next test's DROP SCHEMA
		for (int i = 0; i < this.workers.size(); i++) {
			Backends.terminateOrphans(applicationName("worker" + i));
		}
	}

	@Test
	void oneManagerAndThreeWorkersPublishEveryCustomerOnceWithTheScoresOfALocalRun() {
		startWorkers(3, Broker.PORT);
		// all three listening before the requests go out, so that each gets some
		for (NightscoreProcess worker : this.workers) {
			worker.awaitWhileRunning("three workers consuming " + this.queue, PATIENCE,
					() -> Broker.consumers(Broker.PORT, this.queue) == 3);
		}

		Result remote = runManager("manager", Broker.PORT);

		assertThat(remote.exitCode()).as(remote.toString()).isZero();
		assertThat(remote.out())
			.contains("Run 1 for " + DATE + " completed and is published: " + input.rows() + " rows scored");
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(partitionsRunPerWorker()).as("partitions scored by each worker").hasSize(3);
		assertThat(this.jdbc.queryForObject(
				"""
						SELECT count(*) FROM batch_step_execution WHERE job_execution_id = 1 AND step_name LIKE 'scorePartition:%'
						AND status = 'COMPLETED'""",
				Long.class))
			.isEqualTo(12);

		// the local run to compare with, in this JVM: what is compared is its predictions
		Result local = Nightscore.run(input.score("--scoring-date", DATE, "--rerun", "--threads", "2"));

		assertThat(local.exitCode()).as(local.toString()).isZero();
		assertThat(differences(1, 2)).as("predictions of the remote run that differ from the local run's").isZero();
		assertThat(reasonDifferences(1, 2)).as("reasons of the remote run that differ from the local run's").isZero();
		assertOneReasonPerHighCustomer(1);
	}

	@Test
	void messagesThatAreNotPartitionRequestsAreDiscardedWithTheirReasonAndTheWorkerGoesOnScoring() {
		// ahead of the run's requests in the queue: text, binary bytes, a huge body, a
		// request for another step
		Broker.publish(Broker.PORT, this.queue, "garbage, not a request".getBytes(StandardCharsets.UTF_8),
				"text/plain");
		Broker.publish(Broker.PORT, this.queue, new byte[] { (byte) 0xff, 0, '\n', 'x', (byte) 0xc3 }, null);
		byte[] huge = "{\"stepName\":\"x\"}".repeat(200_000).getBytes(StandardCharsets.UTF_8);
		Broker.publish(Broker.PORT, this.queue, huge, "text/plain");
		Broker.publish(Broker.PORT, this.queue,
				"{\"stepName\":\"dropEverything\",\"stepExecutionId\":5}".getBytes(StandardCharsets.UTF_8),
				"application/json");
		startWorkers(1, Broker.PORT);

		Result remote = runManager("manager", Broker.PORT, "--workers-timeout", "2");

		assertThat(remote.exitCode()).as(remote + "\nworker: " + this.workers.get(0).err()).isZero();
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		List<String> discarded = this.workers.get(0)
			.err()
			.lines()
			.filter((line) -> line.contains("Discarding a message from queue " + this.queue + ": "))
			.toList();
		assertThat(discarded).as(this.workers.get(0).err()).hasSize(4);
		assertThat(discarded.get(0)).endsWith(": Not a nightscore partition request: garbage, not a request");
		assertThat(discarded.get(1)).endsWith(": Not a nightscore partition request: ???x?");
		assertThat(discarded.get(2)).endsWith(": Not a nightscore partition request: a message of more than 1024"
				+ " bytes, where a request has about 55");
		assertThat(discarded.get(3))
			.endsWith(": Not a nightscore partition request: {\"stepName\":\"dropEverything\",\"stepExecutionId\":5}");
		assertThat(
				this.workers.get(0).err().lines().filter((line) -> line.contains("ConditionalRejectingErrorHandler")))
			.as("listener failures (redeliveries)")
			.isEmpty();
		assertThat(Broker.messages(Broker.PORT, this.queue)).as("messages left in the queue").isZero();
	}

	@Test
	void requestsLeftInTheQueueByAnAttemptThatTimedOutAreNotScoredBesideTheResumedAttempt() {
		Result timedOut = runManager("manager", Broker.PORT, "--workers-timeout", "1");

		assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(1);
		startWorkers(2, Broker.PORT);
		Result resumed = runManager("manager2", Broker.PORT);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM prediction WHERE run_id = 1", Long.class))
			.as("predictions of run 1")
			.isEqualTo(input.rows());
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM batch_step_execution WHERE job_execution_id = 1
				AND step_name LIKE 'scorePartition:%' AND status IN ('STARTING', 'STARTED', 'COMPLETED')""",
				Long.class))
			.as("partitions of the timed-out attempt still runnable or run")
			.isZero();
		assertThat(timedOut.err().lines().filter((line) -> line.startsWith("Run 1 failed: "))).as(timedOut.toString())
			.containsExactly("Run 1 failed: its partitions did not all end within --workers-timeout (1 min): 12 queued,"
					+ " 0 running, 0 completed, 0 failed or stopped (check that nightscore workers consume queue "
					+ this.queue + " and use this database); run the same command again to resume it from its last"
					+ " committed chunk");
	}

	@Test
	void aWorkerThatCannotReachTheBrokerAtStartExitsOneNamingIt() throws Exception {
		int deadPort;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			deadPort = probe.getLocalPort();
		}

		Result worker = NightscoreProcess.run(this.logs, environment("worker", deadPort), "worker", "--queue",
				this.queue, "--idle-timeout", "5");

		assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(1);
		assertThat(worker.err().lines().filter((line) -> !line.contains(" INFO "))).as(worker.toString())
			.singleElement()
			.asString()
			.startsWith("Worker cannot reach RabbitMQ at amqp://guest@" + Broker.HOST + ":" + deadPort + "/ (")
			.endsWith("): check SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD and _VIRTUAL_HOST; no partition"
					+ " request was consumed");
	}

	@Test
	void aManagerThatCannotReachTheBrokerFailsRestartableNamingTheBrokerNotTheDatabase() throws Exception {
		int deadPort;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			deadPort = probe.getLocalPort();
		}

		Result manager = runManager("manager", deadPort, "--workers-timeout", "1");

		assertThat(manager.exitCode()).as(manager.toString()).isEqualTo(1);
		assertThat(manager.err().lines().filter((line) -> line.startsWith("Run 1 failed: "))).as(manager.toString())
			.singleElement()
			.asString()
			.startsWith("Run 1 failed: RabbitMQ cannot be reached (")
			.endsWith("): check SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD and _VIRTUAL_HOST, then run the same"
					+ " command again to resume the run");
	}

	@Test
	void killAWorkerMidPartitionThenTheSameCommandPublishesEveryCustomerOnce() {
		// the worker that takes the partition of rows 8,001-10,000 of the first file is
		// held in its third chunk, two committed before it, and killed there: a worker
		// found mid-partition by polling had often finished it by the time it was killed
		HeldWrite.install("prediction", "INSERT", "NEW.source_file = 0 AND NEW.source_row = 9001");
		startWorkers(3, Broker.PORT);
		long committedAtKill;
		Result failed;
		try (NightscoreProcess manager = NightscoreProcess.start(this.logs, environment("manager", Broker.PORT),
				manager())) {
			// the worker the wait found: asked again, a held backend between two of the
			// trigger's sleeps would not look held
			AtomicInteger held = new AtomicInteger(-1);
			manager.awaitWhileRunning("a worker held mid-partition", PATIENCE, () -> {
				held.set(heldWorker());
				return held.get() >= 0;
			});
			int victim = held.get();

			Result killed = this.workers.get(victim).kill();
			Backends.terminateOrphans(applicationName("worker" + victim));
			committedAtKill = Predictions.committed();

			assertThat(killed.exitCode()).isEqualTo(137);
			failed = manager.await(PATIENCE);
		}
		HeldWrite.remove();

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
		assertThat(failed.err()).contains("is gone").contains("run the same command again").doesNotContain("\tat ");
		long committedBefore = Predictions.committed();
		assertThat(committedBefore).isBetween(committedAtKill, input.rows() - 1);

		Result resumed = runManager("manager2", Broker.PORT);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(this.jdbc.queryForObject("""
				SELECT sum(read_count) FROM batch_step_execution
				WHERE job_execution_id = 2 AND step_name LIKE 'scorePartition:%'""", Long.class))
			.as("rows read by the resumed attempt: exactly those not committed before")
			.isEqualTo(input.rows() - committedBefore);
		assertOneReasonPerHighCustomer(1);
	}

	@Test
	void killTheManagerMidRunThenTheSameCommandDoesNotRedoTheWorkersFinishedPartitions() {
		// two workers: what is checked is the manager's restart, not how many score. One
		// partition is held, so that the run cannot end before the manager is killed (it
		// did once, with the machine busy, between the poll and the kill)
		HeldWrite.install("prediction", "INSERT", "NEW.source_file = 1 AND NEW.source_row = 12000");
		startWorkers(2, Broker.PORT);
		try (NightscoreProcess manager = NightscoreProcess.start(this.logs, environment("manager", Broker.PORT),
				manager())) {
			manager.awaitWhileRunning("partitions completed on the workers, one held", PATIENCE,
					() -> partitions(1, "COMPLETED").size() >= 2 && heldWorker() >= 0);

			assertThat(manager.kill().exitCode()).isEqualTo(137);
		}
		finally {
			HeldWrite.release();
		}
		HeldWrite.remove();

		Result resumed = runManager("manager2", Broker.PORT);

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.err()).contains("was left STARTED by a process that is gone");
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		List<String> finishedBefore = partitions(1, "COMPLETED");
		assertThat(finishedBefore).as("partitions finished by the workers of the killed manager").isNotEmpty();
		assertThat(this.jdbc.queryForList(
				"SELECT step_name FROM batch_step_execution WHERE job_execution_id = 2 AND step_name LIKE 'scorePartition:%'",
				String.class))
			.as("partitions of the resumed attempt")
			.doesNotContainAnyElementsOf(finishedBefore)
			.hasSize(12 - finishedBefore.size());
	}

	@Test
	void brokerConnectionsLostMidRunThenNothingIsLostOrScoredTwice() throws Exception {
		try (TcpProxy proxy = TcpProxy.to(Broker.HOST, Broker.PORT)) {
			startWorkers(2, proxy.port());
			Result first;
			try (NightscoreProcess manager = NightscoreProcess.start(this.logs, environment("manager", proxy.port()),
					manager())) {
				manager.awaitWhileRunning("a third of the rows", PATIENCE,
						() -> Predictions.committed() >= input.rows() / 3);

				assertThat(proxy.dropConnections()).as("connections dropped").isPositive();
				first = manager.await(PATIENCE);
			}
			Result last = first;
			if (first.exitCode() != 0) {
				assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
				last = runManager("manager2", proxy.port());
			}

			assertThat(last.exitCode()).as(last.toString()).isZero();
		}
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(this.jdbc.queryForObject("""
				SELECT sum(read_count) FROM batch_step_execution WHERE step_name LIKE 'scorePartition:%'""",
				Long.class))
			.as("rows read over all attempts: each once, unless a partition was recovered")
			.isGreaterThanOrEqualTo(input.rows());
	}

	@Test
	void aRequestRedeliveredAfterTheConsumerTimeoutDoesNotRunItsPartitionTwice(@TempDir Path brokerDirectory) {
		// one partition held, in the first file only: the other worker, done with
		// the rest, is free to take the request when it is redelivered
		HeldWrite.install("prediction", "INSERT", "NEW.source_file = 0 AND NEW.source_row = 7201");
		try (PrivateBroker broker = PrivateBroker.start(brokerDirectory, Duration.ofSeconds(3))) {
			Broker.deleteQueue(broker.port(), this.queue);
			startWorkers(2, broker.port());
			try (NightscoreProcess manager = NightscoreProcess.start(this.logs, environment("manager", broker.port()),
					manager())) {
				manager.awaitWhileRunning("the redelivered request to be ignored", PATIENCE,
						() -> this.workers.stream().anyMatch((worker) -> worker.err().contains("already STARTED")));

				HeldWrite.release();
				Result done = manager.await(PATIENCE);

				assertThat(done.exitCode()).as(done.toString()).isZero();
			}
		}
		Predictions.assertPublishedExactlyOnce(1, input.expected());
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'scorePartition:%'""", Long.class))
			.as("partition executions: one per partition")
			.isEqualTo(12);
		assertThat(this.jdbc.queryForObject("""
				SELECT sum(read_count) FROM batch_step_execution WHERE step_name LIKE 'scorePartition:%'""",
				Long.class))
			.as("rows read: each once")
			.isEqualTo(input.rows());
	}

	private Result runManager(String role, int brokerPort, String... options) {
		List<String> command = new ArrayList<>(List.of(manager()));
		command.addAll(List.of(options));
		try (NightscoreProcess manager = NightscoreProcess.start(this.logs, environment(role, brokerPort),
				command.toArray(String[]::new))) {
			return manager.await(PATIENCE);
		}
	}

	private String[] manager() {
		return input.score("--scoring-date", DATE, "--workers", "remote", "--partitions", "12", "--queue", this.queue,
				"--chunk-size", "500");
	}

	/** Every high-band customer of the run has one row of reasons, and no one else. */
	private void assertOneReasonPerHighCustomer(long runId) {
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) = count(DISTINCT customer_id)
				       AND count(*) = (SELECT count(*) FROM prediction WHERE run_id = ? AND risk_band = 'high')
				       AND count(*) > 0
				FROM prediction_reason WHERE run_id = ?""", Boolean.class, runId, runId))
			.as("one row of reasons per high-band customer of run " + runId)
			.isTrue();
	}

	private long reasonDifferences(long runA, long runB) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM (SELECT customer_id, reason_1, reason_2, reason_3, reason_1_contribution
				FROM prediction_reason WHERE run_id = ?) a FULL JOIN (SELECT customer_id, reason_1, reason_2, reason_3,
				reason_1_contribution FROM prediction_reason WHERE run_id = ?) b USING (customer_id)
				WHERE a.reason_1 IS DISTINCT FROM b.reason_1 OR a.reason_2 IS DISTINCT FROM b.reason_2
				OR a.reason_3 IS DISTINCT FROM b.reason_3
				OR a.reason_1_contribution IS DISTINCT FROM b.reason_1_contribution""", Long.class, runA, runB);
	}

	private void startWorkers(int count, int brokerPort) {
		for (int i = 0; i < count; i++) {
			this.workers.add(NightscoreProcess.start(this.logs, environment("worker" + i, brokerPort), "worker",
					"--queue", this.queue, "--threads", "1", "--idle-timeout", "900"));
		}
	}

	/** The environment of one process, its database connections named {@code role}. */
	private Map<String, String> environment(String role, int brokerPort) {
		Map<String, String> environment = NightscoreProcess.environment(applicationName(role));
		environment.put("SPRING_RABBITMQ_HOST", Broker.HOST);
		environment.put("SPRING_RABBITMQ_PORT", Integer.toString(brokerPort));
		return environment;
	}

	private String applicationName(String role) {
		return "nightscore-it-" + TestDatabase.SCHEMA + "-" + role;
	}

	/** The worker whose write the {@link HeldWrite} holds, or -1. */
	private int heldWorker() {
		for (int i = 0; i < this.workers.size(); i++) {
			if (!Backends.sleeping(applicationName("worker" + i)).isEmpty()) {
				return i;
			}
		}
		return -1;
	}

	private List<Long> partitionsRunPerWorker() {
		List<Long> counts = new ArrayList<>();
		for (NightscoreProcess worker : this.workers) {
			long scored = worker.err().lines().filter((line) -> line.contains("ended COMPLETED")).count();
			if (scored > 0) {
				counts.add(scored);
			}
		}
		return counts;
	}

	/** The partitions of a job execution with a status; none before the schema exists. */
	private List<String> partitions(long jobExecutionId, String status) {
		if (Predictions.committed() == 0) {
			return List.of();
		}
		return this.jdbc.queryForList("""
				SELECT step_name FROM batch_step_execution
				WHERE job_execution_id = ? AND step_name LIKE 'scorePartition:%' AND status = ?""", String.class,
				jobExecutionId, status);
	}

	private long differences(long runA, long runB) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM (SELECT customer_id, score, risk_band, source_file, source_row FROM prediction
				WHERE run_id = ?) a FULL JOIN (SELECT customer_id, score, risk_band, source_file, source_row
				FROM prediction WHERE run_id = ?) b USING (customer_id)
				WHERE a.score IS DISTINCT FROM b.score OR a.risk_band IS DISTINCT FROM b.risk_band
				OR a.source_file IS DISTINCT FROM b.source_file OR a.source_row IS DISTINCT FROM b.source_row""",
				Long.class, runA, runB);
	}

}
