package io.nightscore.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nightscore.NightscoreApplication;
import io.nightscore.job.PartitionWorker;
import io.nightscore.job.RemoteProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code nightscore worker}: scores the partitions that managers ({@code score --workers
 * remote}) send over RabbitMQ, until SIGTERM or until it has been idle for
 * {@code --idle-timeout}.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
		description = "Score partitions of remote runs (score --workers remote) from a RabbitMQ queue.%n"
				+ "Runs until SIGTERM (partitions in progress finish first) or until idle for --idle-timeout.",
		footer = { "", "Every option can also be set from the environment: --queue from NIGHTSCORE_QUEUE, ...",
				"The broker comes from SPRING_RABBITMQ_HOST, _PORT, _USERNAME, _PASSWORD, _VIRTUAL_HOST;",
				"the database from SPRING_DATASOURCE_URL, ... as for score.",
				"Exit codes: 0 idle or stopped, 1 failed (broker or database unreachable at start), 2 bad usage." })
final class WorkerCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--queue", paramLabel = "NAME", defaultValue = RemoteProperties.DEFAULT_QUEUE,
			description = "Queue of partition requests; the same as the managers'. Default: ${DEFAULT-VALUE}.")
	private String queue;

	@Option(names = "--threads", paramLabel = "N",
			description = "Partitions scored at once, each with its own Booster. Default: the number of cores.")
	private Integer threads;

	@Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "0",
			description = "Exit after this many seconds without a partition to score; 0: never. Default: ${DEFAULT-VALUE}.")
	private long idleTimeout;

	@Option(names = "--consumer-timeout", paramLabel = "SECONDS",
			description = "RabbitMQ 3.12+: the queue's consumer timeout (x-consumer-timeout); the same as the managers'.")
	private Long consumerTimeout;

	@Mixin
	private HadoopPropertyOptions hadoopProperties = new HadoopPropertyOptions();

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() {
		int consumers = (this.threads != null) ? this.threads : Runtime.getRuntime().availableProcessors();
		require(consumers > 0, "--threads must be at least 1, not " + consumers);
		require(this.idleTimeout >= 0, "--idle-timeout must not be negative, not " + this.idleTimeout);
		require(!this.queue.isBlank(), "--queue must not be blank");
		require(this.consumerTimeout == null || this.consumerTimeout > 0, "--consumer-timeout must be at least 1");
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		StartupWarmUp warmUp = StartupWarmUp.start();
		CountDownLatch ended = new CountDownLatch(1);
		try (ConfigurableApplicationContext context = NightscoreApplication.start(
				this.springOptions.springArguments(RemoteArguments.worker(this.queue, consumers, this.consumerTimeout,
						HadoopPropertyOptions.springArguments(this.hadoopProperties.properties()))))) {
			warmUp.stop();
			PartitionWorker worker = context.getBean(PartitionWorker.class);
			Thread hook = new Thread(() -> {
				worker.stop();
				awaitQuietly(ended);
			}, "nightscore-worker-stop");
			Runtime.getRuntime().addShutdownHook(hook);
			String reason = worker.run((this.idleTimeout > 0) ? Duration.ofSeconds(this.idleTimeout) : null);
			out.println("Worker stopped: " + reason);
			out.flush();
			return ExitCode.OK;
		}
		catch (PartitionWorker.BrokerUnreachableException ex) {
			err.println(ex.getMessage());
			return ExitCode.FAILED;
		}
		catch (RuntimeException ex) {
			return CommandFailures.launchFailure(err, ex);
		}
		finally {
			warmUp.stop();
			ended.countDown();
		}
	}

	private static void awaitQuietly(CountDownLatch ended) {
		try {
			ended.await(2, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void require(boolean condition, String message) {
		if (!condition) {
			throw new ParameterException(this.spec.commandLine(), message);
		}
	}

}
