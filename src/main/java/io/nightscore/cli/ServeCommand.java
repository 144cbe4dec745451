package io.nightscore.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import io.nightscore.scoring.LoadLog;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import io.nightscore.serve.ServeApplication;
import io.nightscore.serve.ServeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * {@code nightscore serve}: answers scoring requests over HTTP with the same model and
 * scorer as the batch job, until the process is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
		description = "Score customers over HTTP (POST /v1/score) with the batch job's model and scorer.",
		footer = { "", "Every option can also be set from the environment: --port from NIGHTSCORE_PORT, ...",
				"Exit codes: 0 stopped, 1 failed, 2 bad usage or model." })
final class ServeCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--model", paramLabel = "FILE", required = true,
			description = "XGBoost model with feature names, JSON or UBJ: the batch job's --model.")
	private String model;

	@Option(names = "--model-version", paramLabel = "TAG",
			description = "Version tag answered with every score. Default: sha256-<first 12 hex digits>.")
	private String modelVersion;

	@Option(names = "--engine", paramLabel = "auto|compiled|xgboost", defaultValue = "auto",
			description = "Scoring engine, as for score: auto (compiled when it matches XGBoost4J at load), compiled"
					+ " or xgboost. Default: ${DEFAULT-VALUE}.")
	private String engine;

	@Option(names = "--port", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_PORT,
			description = "HTTP port (0: any free port). Default: ${DEFAULT-VALUE}.")
	private int port;

	@Option(names = "--health-port", paramLabel = "N",
			description = "A second HTTP port, with threads of its own, for Kubernetes' probes (/health/live,"
					+ " /health/ready) and /metrics: clients that hold the scoring port's threads (slow or stalled"
					+ " bodies) cannot fail the probes there (0: any free port). Default: none, the probes answer on"
					+ " --port.")
	private Integer healthPort;

	@Option(names = "--max-batch", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_MAX_BATCH,
			description = "Most customers in one request (more: 413). Default: ${DEFAULT-VALUE}.")
	private int maxBatch;

	@Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_MAX_BODY_BYTES,
			description = "Largest request body in bytes (larger: 413). Default: ${DEFAULT-VALUE}.")
	private int maxBodyBytes;

	@Mixin
	private MaxIdLengthOption maxIdLength = new MaxIdLengthOption();

	@Mixin
	private SpringOptions springOptions;

	@Override
	public Integer call() throws InterruptedException {
		require(this.port >= 0 && this.port <= 65535, "--port must be between 0 and 65535, not " + this.port);
		require(this.healthPort == null || (this.healthPort >= 0 && this.healthPort <= 65535),
				"--health-port must be between 0 and 65535, not " + this.healthPort);
		require(this.healthPort == null || this.healthPort == 0 || this.healthPort != this.port,
				"--health-port must differ from --port (" + this.port + ")");
		require(this.maxBatch >= 1, "--max-batch must be at least 1, not " + this.maxBatch);
		require(this.maxBodyBytes >= 1024, "--max-body-bytes must be at least 1024, not " + this.maxBodyBytes);
		ScoringEngineChoice choice;
		try {
			choice = ScoringEngineChoice.parse(this.engine);
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage());
		}
		PrintWriter err = this.spec.commandLine().getErr();
		// the load's lines wait for the logging Spring sets up (--log-format)
		LoadLog log = LoadLog.deferred();
		ScoringModel loaded;
		try {
			loaded = ScoringModel.load(Path.of(this.model), this.modelVersion, choice, ScoringModel.NO_INPUT_ROWS, log);
		}
		catch (ContractException ex) {
			err.println(ex.getMessage());
			return ExitCode.CONTRACT;
		}
		try (ScoringModel scoringModel = loaded) {
			CountDownLatch closed = new CountDownLatch(1);
			ConfigurableApplicationContext context = ServeApplication.start(scoringModel,
					new ServeSettings(this.port,
							(this.healthPort != null) ? this.healthPort : ServeSettings.NO_HEALTH_PORT, this.maxBatch,
							this.maxBodyBytes, this.maxIdLength.value()),
					log, this.springOptions.springArguments());
			context.addApplicationListener((ContextClosedEvent event) -> closed.countDown());
			closed.await();
			return ExitCode.OK;
		}
		catch (RuntimeException ex) {
			err.println("nightscore serve failed: " + Failures.rootMessage(ex));
			return ExitCode.FAILED;
		}
	}

	private void require(boolean condition, String message) {
		if (!condition) {
			throw new ParameterException(this.spec.commandLine(), message);
		}
	}

}
