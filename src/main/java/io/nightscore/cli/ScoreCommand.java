package io.nightscore.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.nightscore.ContractException;
import io.nightscore.QuietLogbackStatus;
import io.nightscore.Failures;
import io.nightscore.NightscoreApplication;
import io.nightscore.input.HadoopSettings;
import io.nightscore.input.InputNotReadyException;
import io.nightscore.input.UriCredentials;
import io.nightscore.input.InputResolver;
import io.nightscore.input.StorageUnavailableException;
import io.nightscore.input.InputWait;
import io.nightscore.job.ModelPreload;
import io.nightscore.job.OutOfMemory;
import io.nightscore.job.RemoteProperties;
import io.nightscore.job.RunFailures;
import io.nightscore.job.RunOutcome;
import io.nightscore.job.ScoreRunLauncher;
import io.nightscore.job.ScoringProperties;
import io.nightscore.job.StopSignal;
import io.nightscore.output.ModelRegistryRepository;
import io.nightscore.output.ModelRegistryRepository.RegisteredModel;
import io.nightscore.output.RunRetention;
import io.nightscore.report.RunReportGenerator;
import io.nightscore.scoring.LoadLog;
import io.nightscore.scoring.ModelCache;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import io.nightscore.scoring.forest.ModelMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code nightscore score}: scores every customer of a date and publishes the run, or
 * resumes the date's failed run, or says the date is already scored.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
		description = "Score every customer in the input with the model and publish the run to PostgreSQL.%n"
				+ "Running it again after a failure resumes the run; after success it does nothing.",
		footer = { "",
				"Every option can also be set from the environment: --chunk-size from NIGHTSCORE_CHUNK_SIZE, ...",
				"Exit codes: 0 done (or already done), 1 failed and restartable, 2 bad usage, input or model,",
				"3 another run holds the lock, 4 input not ready, 5 too many rejects, 6 stopped,",
				"7 HELD by the checks (not published: review, then `nightscore publish` or `reject`), 8 out of memory,",
				"130 on SIGINT (Ctrl-C), 143 on SIGTERM: stopped at a chunk boundary, run the same command again." })
final class ScoreCommand implements Callable<Integer> {

	/**
	 * Threads beyond this many per core only wait for a core while holding a model and a
	 * chunk each: such a {@code --threads} is a typo or a misunderstanding, refused.
	 */
	static final int MAX_THREADS_PER_CORE = 8;

	/**
	 * No week of customers is older than this: an earlier {@code --scoring-date} (year 0,
	 * 0026 for 2026) is a typo, refused before it becomes a run marketing could see.
	 */
	static final LocalDate EARLIEST_SCORING_DATE = LocalDate.of(1900, 1, 1);

	@Spec
	private CommandSpec spec;

	@Option(names = "--input", paramLabel = "PATH|URI", required = true,
			description = "Required (or NIGHTSCORE_INPUT). Parquet input: a file, a directory (its *.parquet files)"
					+ " or a glob; a path or an s3a://, hdfs:// or file: URI.")
	private String input;

	@Option(names = "--model", paramLabel = "FILE|URI",
			description = "Required (or NIGHTSCORE_MODEL) unless --model-version names a model registered by"
					+ " `nightscore model add`. XGBoost model with feature names, JSON or UBJ; a path or an s3a://,"
					+ " hdfs:// or file: URI.")
	private String model;

	@Option(names = "--model-sha256", paramLabel = "HEX",
			description = "Refuse (exit 2) a model file whose sha256 is not this. Default: the registered sha256 when"
					+ " the model comes from the registry.")
	private String modelSha256;

	@Option(names = "--scoring-date", paramLabel = "YYYY-MM-DD",
			description = "The date being scored; identifies the run. Default: today. From 1900-01-01 to"
					+ " tomorrow (see --allow-future-date).")
	private LocalDate scoringDate;

	@Option(names = "--model-version", paramLabel = "TAG",
			description = "Version tag recorded with every prediction. Default: sha256-<first 12 hex digits>.")
	private String modelVersion;

	@Option(names = "--id-column", paramLabel = "NAME", defaultValue = "customer_id",
			description = "Customer id column (string or integer). Default: ${DEFAULT-VALUE}.")
	private String idColumn;

	@Option(names = "--chunk-size", paramLabel = "N", defaultValue = "" + ScoringProperties.DEFAULT_CHUNK_SIZE,
			description = "Rows per chunk: one transaction, one XGBoost call. Default: ${DEFAULT-VALUE}.")
	private int chunkSize;

	@Option(names = "--threads", paramLabel = "N",
			description = "Partitions scored at once, each with its own Booster. Default: the number of cores.")
	private Integer threads;

	@Option(names = "--engine", paramLabel = "auto|compiled|xgboost", defaultValue = "auto",
			description = "Engine that scores: compiled (plain-Java forest, checked against XGBoost4J at every"
					+ " model load), xgboost (XGBoost4J), or auto: compiled when it supports the model and matches"
					+ " XGBoost4J, else XGBoost4J. Default: ${DEFAULT-VALUE}.")
	private String engine;

	@Option(names = "--rerun", description = "Score the date again as a new run, even if it is already scored.")
	private boolean rerun;

	@Option(names = "--max-reject-rate", paramLabel = "FRACTION", defaultValue = "0.01",
			description = "Fail the run (exit 5) when more than this share of rows is rejected. Default: ${DEFAULT-VALUE}.")
	private double maxRejectRate;

	@Option(names = "--allow-empty", description = "Accept input files with no rows (otherwise exit 4).")
	private boolean allowEmpty;

	@Option(names = "--allow-future-date",
			description = "Accept a scoring date later than tomorrow (otherwise exit 2): a future date stays the one"
					+ " marketing sees until a later date is scored.")
	private boolean allowFutureDate;

	@Mixin
	private RunChecksOptions checks;

	@Option(names = "--require-marker", paramLabel = "NAME",
			description = "A file that must exist in the input directory first, e.g. _SUCCESS (otherwise exit 4).")
	private String requireMarker;

	@Option(names = "--keep-runs", paramLabel = "N", defaultValue = "" + RunRetention.DEFAULT_KEEP_RUNS,
			description = "After publishing, keep the predictions of the N newest runs (never dropping the live run,"
					+ " the previous published one or a resumable run). Default: ${DEFAULT-VALUE}.")
	private int keepRuns;

	@Mixin
	private SpringOptions springOptions;

	@Option(names = "--wait-for-input", paramLabel = "DURATION", converter = DurationConverter.class,
			description = "Wait up to this long (90m, 2h, 30s, PT2H) for the input and its marker, checking"
					+ " periodically; then exit 4. Default: do not wait.")
	private Duration waitForInput;

	@Mixin
	private HadoopPropertyOptions hadoopProperties = new HadoopPropertyOptions();

	@Mixin
	private MaxIdLengthOption maxIdLength = new MaxIdLengthOption();

	@Option(names = "--explain-top", paramLabel = "FRACTION",
			description = "Give reasons to the riskiest FRACTION of each chunk instead of the high band (0: none).")
	private Double explainTop;

	@Option(names = "--shap-sample", paramLabel = "N", defaultValue = "2000",
			description = "About N rows whose SHAP values give the run's feature importances (0: none). Default: ${DEFAULT-VALUE}.")
	private long shapSample;

	@Option(names = "--report-dir", paramLabel = "DIR",
			description = "Write the run's HTML report (run-<id>.html) into DIR when the run ends.")
	private java.nio.file.Path reportDir;

	@Option(names = "--workers", paramLabel = "local|remote", defaultValue = "local",
			description = "local: score on this process's threads. remote: be the manager and send partitions to"
					+ " 'nightscore worker' processes over RabbitMQ. Default: ${DEFAULT-VALUE}.")
	private Workers workers;

	@Option(names = "--partitions", paramLabel = "N", defaultValue = "" + RemoteProperties.DEFAULT_PARTITIONS,
			description = "With --workers remote: partitions to cut the input into, several per worker."
					+ " Default: ${DEFAULT-VALUE}.")
	private int partitions;

	@Option(names = "--queue", paramLabel = "NAME", defaultValue = RemoteProperties.DEFAULT_QUEUE,
			description = "With --workers remote: the workers' queue of partition requests. Default: ${DEFAULT-VALUE}.")
	private String queue;

	@Option(names = "--workers-timeout", paramLabel = "MINUTES", defaultValue = "180",
			description = "With --workers remote: fail the run (restartable) when the partitions have not ended after"
					+ " this long; keep it below the CronJob's deadline. Default: ${DEFAULT-VALUE}.")
	private long workersTimeout;

	@Option(names = "--consumer-timeout", paramLabel = "SECONDS",
			description = "With --workers remote, RabbitMQ 3.12+: the queue's consumer timeout; the same as the workers'.")
	private Long consumerTimeout;

	/** Where the partitions of a run are scored. */
	enum Workers {

		/** On this process's threads. */
		LOCAL,
		/** On worker processes, through RabbitMQ: this process is the manager. */
		REMOTE

	}

	/**
	 * The longest value of an option stored as a job parameter (Spring Batch's
	 * {@code PARAMETER_VALUE VARCHAR(2500)}).
	 */
	static final int MAX_PARAMETER_LENGTH = 2500;

	/**
	 * The longest --model-version: a tag, also a primary key in {@code model_version}.
	 */
	static final int MAX_MODEL_VERSION_LENGTH = 200;

	@Override
	public Integer call() {
		RunRequest request = validate();
		// usage errors, a missing model file and a missing local input are answered
		// before anything else loads (Hadoop's file systems included)
		Integer refused = refuseEarly(request);
		if (refused != null) {
			return refused;
		}
		StopSignal.beforeTheRunSay("nightscore: stopped (%s) while starting, before any run began: nothing was written;"
				+ " run the same command again");
		try {
			return score(request);
		}
		finally {
			InputResolver.closeFileSystems();
		}
	}

	/**
	 * The exit code for a model file or local input that does not exist, or {@code null}.
	 */
	private Integer refuseEarly(RunRequest request) {
		PrintWriter err = this.spec.commandLine().getErr();
		if (request.model().file() != null) {
			String missingModel = EarlyChecks.missingModel(request.model().file());
			if (missingModel != null) {
				err.println(missingModel);
				return ExitCode.CONTRACT;
			}
		}
		String missingInput = EarlyChecks.missingInput(request.input().location(),
				this.spec.findOption("--wait-for-input"));
		if (missingInput != null) {
			err.println(missingInput);
			return ExitCode.INPUT_NOT_READY;
		}
		return null;
	}

	private int score(RunRequest request) {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		// the model check below opens Hadoop's file systems, which log: logging first
		QuietLogbackStatus.install();
		// what the check says waits for the logging Spring sets up (--log-format)
		LoadLog checkLog = LoadLog.deferred();
		try {
			if (request.model().file() != null) {
				// a model named by --model-version alone is found in the registry later,
				// and scored with the threads asked for
				request = request.withThreads(ModelCheck.affordableThreads(request, checkLog));
			}
		}
		catch (ContractException ex) {
			err.println(ex.getMessage());
			return (ex instanceof ModelMemory.MemoryRefusedException) ? ExitCode.OUT_OF_MEMORY : ExitCode.CONTRACT;
		}
		catch (StorageUnavailableException ex) {
			// no run has started: nothing to resume, the same command starts it
			err.println(ex.getMessage() + "; run the same command again once the storage is reachable");
			return ExitCode.FAILED;
		}
		// the model loads while Spring starts, unless it comes from the registry or the
		// input is yet to come (its first rows go into the model's equivalence check)
		ModelPreload model = (request.model().file() != null && request.input().waitForInput() == null)
				? new ModelPreload(request.model().file(), request.model().version(), request.model().engine(),
						HadoopSettings.configuration(request.input().hadoopProperties()), request.input().location(),
						request.input().idColumn(), request.input().requireMarker())
				: null;
		StartupWarmUp warmUp = StartupWarmUp.start(model);
		if (request.input().waitForInput() != null) {
			Integer failed = awaitInput(request, err);
			if (failed != null) {
				warmUp.stop();
				return failed;
			}
		}
		try (ConfigurableApplicationContext context = NightscoreApplication
			.start(this.springOptions.springArguments(request.springArguments()))) {
			warmUp.stop();
			checkLog.flush();
			if (model != null) {
				context.getBeanProvider(ModelCache.class).ifAvailable(model::handTo);
			}
			if (request.model().file() == null) {
				Optional<RegisteredModel> registered = context.getBean(ModelRegistryRepository.class)
					.find(request.model().version());
				if (registered.isEmpty() || registered.get().modelPath() == null) {
					err.println(
							"Model version '" + request.model().version() + "' is not registered with a file: register"
									+ " it with `nightscore model add --model FILE --version "
									+ request.model().version() + "`, or pass --model");
					return ExitCode.CONTRACT;
				}
				request = request.withModel(registered.get().modelPath(),
						(request.model().sha256() != null) ? request.model().sha256() : registered.get().sha256());
			}
			// reported from within the launch: on SIGTERM the JVM exits right after it
			RunOutcome outcome = context.getBean(ScoreRunLauncher.class)
				.launch(request.scoringDate(), request.rerun(), request.options(),
						new OutcomeReport(context, out, err));
			if (outcome.kind() == RunOutcome.Kind.COMPLETED) {
				Retention.afterPublish(context, this.keepRuns);
			}
			if (this.reportDir != null && outcome.runId() > 0) {
				writeReport(context, outcome.runId(), out, err);
			}
			return ExitCode.of(outcome.kind());
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			OutOfMemoryError oom = OutOfMemory.find(ex);
			if (oom != null) {
				err.println(OutOfMemory.message(-1, oom, request.scoring().threads(), request.scoring().chunkSize()));
				return ExitCode.OUT_OF_MEMORY;
			}
			err.println(RunFailures.launchFailure(ex));
			return RunFailures.isConfigurationRefusal(ex) ? ExitCode.CONTRACT : ExitCode.FAILED;
		}
		finally {
			// the context did not start, or the run is over
			warmUp.stop();
			if (model != null) {
				model.close();
			}
		}
	}

	/**
	 * Wait for the input before anything else starts (no database connection, no lock
	 * held while waiting); the exit code if it never came or cannot come, else
	 * {@code null}.
	 */
	private Integer awaitInput(RunRequest request, PrintWriter err) {
		try {
			new InputWait(new InputResolver(HadoopSettings.configuration(request.input().hadoopProperties())))
				.await(request.input().location(), request.input().requireMarker(), request.input().waitForInput());
			return null;
		}
		catch (InputNotReadyException ex) {
			err.println(ex.getMessage());
			return ExitCode.INPUT_NOT_READY;
		}
		catch (ContractException ex) {
			err.println(ex.getMessage());
			return ExitCode.CONTRACT;
		}
		catch (RuntimeException ex) {
			err.println("nightscore: " + Failures.rootMessage(ex) + "; run the same command again once the storage"
					+ " answers");
			return ExitCode.FAILED;
		}
	}

	/**
	 * The run's report into --report-dir; a report that fails never changes the exit
	 * code.
	 */
	private void writeReport(ConfigurableApplicationContext context, long runId, PrintWriter out, PrintWriter err) {
		try {
			java.nio.file.Path file = new RunReportGenerator(context.getBean(JdbcTemplate.class)).writeInto(runId,
					this.reportDir);
			out.println("Wrote the report of run " + runId + " to " + file);
		}
		catch (RuntimeException ex) {
			String reason = (ex instanceof ContractException) ? ex.getMessage() : Failures.rootMessage(ex);
			err.println("nightscore: the report of run " + runId + " was not written: " + reason
					+ "; write it later with 'nightscore report " + runId + "'");
		}
		out.flush();
		err.flush();
	}

	private RunRequest validate() {
		require(this.input != null && !this.input.isBlank(), "Missing --input (or NIGHTSCORE_INPUT)");
		require((this.model != null && !this.model.isBlank()) || this.modelVersion != null,
				"Missing --model (or NIGHTSCORE_MODEL), or --model-version of a registered model");
		require(this.modelSha256 == null || this.modelSha256.matches("[0-9a-fA-F]{64}"),
				"--model-sha256 must be 64 hexadecimal digits, not '" + this.modelSha256 + "'");
		String inputCredentials = UriCredentials.problem("--input", this.input);
		require(inputCredentials == null, inputCredentials);
		String modelCredentials = UriCredentials.problem("--model", this.model);
		require(modelCredentials == null, modelCredentials);
		String checksProblem = this.checks.problem();
		require(checksProblem == null, checksProblem);
		require(this.keepRuns >= 0, "--keep-runs must be at least 0, not " + this.keepRuns);
		requireLength("--input", this.input, MAX_PARAMETER_LENGTH);
		requireLength("--model", this.model, MAX_PARAMETER_LENGTH);
		requireLength("--model-version", this.modelVersion, MAX_MODEL_VERSION_LENGTH);
		requireLength("--id-column", this.idColumn, MAX_PARAMETER_LENGTH);
		requireLength("--require-marker", this.requireMarker, MAX_PARAMETER_LENGTH);
		require(this.modelVersion == null || !this.modelVersion.isBlank(), "--model-version must not be blank");
		require(this.chunkSize > 0, "--chunk-size must be at least 1, not " + this.chunkSize);
		int threadCount = (this.threads != null) ? this.threads : Runtime.getRuntime().availableProcessors();
		require(threadCount > 0, "--threads must be at least 1, not " + threadCount);
		int maxThreads = MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
		require(threadCount <= maxThreads, "--threads " + threadCount + " is more than " + MAX_THREADS_PER_CORE
				+ " per core of this machine (" + Runtime.getRuntime().availableProcessors()
				+ " cores): every thread holds its own model and chunk in memory and more threads than cores only"
				+ " wait; use at most " + maxThreads + " (the default is the number of cores)");
		require(this.maxRejectRate >= 0 && this.maxRejectRate <= 1,
				"--max-reject-rate must be between 0 and 1, not " + this.maxRejectRate);
		require(this.explainTop == null || (this.explainTop >= 0 && this.explainTop <= 1),
				"--explain-top must be between 0 and 1 (a fraction of each chunk's rows), not " + this.explainTop);
		require(this.shapSample >= 0, "--shap-sample must be 0 or more rows, not " + this.shapSample);
		String engineChoice;
		try {
			engineChoice = ScoringEngineChoice.parse(this.engine).option();
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage());
		}
		LocalDate date = (this.scoringDate != null) ? this.scoringDate : LocalDate.now();
		LocalDate tomorrow = LocalDate.now().plusDays(1);
		require(this.allowFutureDate || !date.isAfter(tomorrow),
				"--scoring-date " + date + " is later than tomorrow (" + tomorrow + " in time zone "
						+ java.time.ZoneId.systemDefault() + "): a future date would stay what"
						+ " marketing sees until a later date is scored. Check the date, or pass --allow-future-date");
		require(!date.isBefore(EARLIEST_SCORING_DATE), "--scoring-date " + date + " is before " + EARLIEST_SCORING_DATE
				+ ": that is a typo, not a week of customers. Check the date");
		String[] remote = new String[0];
		if (this.workers == Workers.REMOTE) {
			require(this.partitions > 0, "--partitions must be at least 1, not " + this.partitions);
			require(this.workersTimeout > 0, "--workers-timeout must be at least 1 minute, not " + this.workersTimeout);
			require(!this.queue.isBlank(), "--queue must not be blank");
			require(this.consumerTimeout == null || this.consumerTimeout > 0, "--consumer-timeout must be at least 1");
			remote = RemoteArguments.manager(this.queue, this.partitions, this.workersTimeout, this.consumerTimeout);
		}
		return new RunRequest(date, this.rerun,
				new RunRequest.InputRequest(this.input, this.idColumn, this.requireMarker, this.allowEmpty,
						this.maxRejectRate, this.maxIdLength.value(), this.waitForInput,
						this.hadoopProperties.properties()),
				new RunRequest.ModelRequest((this.model != null && !this.model.isBlank()) ? this.model : null,
						this.modelVersion, (this.modelSha256 != null) ? this.modelSha256.toLowerCase() : null,
						engineChoice),
				new RunRequest.ScoringRequest(this.chunkSize, threadCount, this.explainTop, this.shapSample, remote),
				this.checks);
	}

	private void requireLength(String option, String value, int max) {
		require(value == null || value.length() <= max, option + " is " + ((value != null) ? value.length() : 0)
				+ " characters long; at most " + max + " are allowed");
	}

	private void require(boolean condition, String message) {
		if (!condition) {
			throw new ParameterException(this.spec.commandLine(), message);
		}
	}

}
