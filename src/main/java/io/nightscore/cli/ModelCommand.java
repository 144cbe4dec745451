package io.nightscore.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.nightscore.ContractException;
import io.nightscore.NightscoreApplication;
import io.nightscore.input.InputResolver;
import io.nightscore.monitoring.ModelFacts;
import io.nightscore.monitoring.ReferenceProfiler;
import io.nightscore.monitoring.ReferenceProfiler.Profile;
import io.nightscore.output.ModelRegistryRepository;
import io.nightscore.output.ModelRegistryRepository.RegisteredModel;
import io.nightscore.output.RunChecksRepository;
import io.nightscore.scoring.LoadLog;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code nightscore model add}: registers a model and, from its training data, its
 * reference profile, which every later run's drift checks compare with.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
		description = "The model registry: add a model (with its training profile), list them, show one.",
		subcommands = { ModelCommand.Add.class, ModelListCommand.class, ModelShowCommand.class })
final class ModelCommand implements Runnable {

	@Spec
	private CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Missing subcommand: add, list or show");
	}

	/** {@code model add}. */
	@Command(name = "add", mixinStandardHelpOptions = true, usageHelpWidth = 100,
			description = "Register a model under a version tag, with a reference profile of its training data.",
			footer = { "", "Exit codes: 0 registered, 1 database error, 2 bad model, training data or version." })
	static final class Add implements Callable<Integer> {

		@Spec
		private CommandSpec spec;

		@Option(names = "--model", paramLabel = "FILE", required = true,
				description = "XGBoost model with feature names, JSON or UBJ (binary:logistic).")
		private Path model;

		@Option(names = "--version", paramLabel = "TAG", required = true,
				description = "The version tag runs will record; one tag always means the same model bytes.")
		private String version;

		@Option(names = "--training-data", paramLabel = "PATH|URI",
				description = "Parquet training data (or a sample), same contract as score --input: file, directory,"
						+ " glob or URI. Without it the model has no profile and runs compare with the previous run only.")
		private String trainingData;

		@Option(names = "--id-column", paramLabel = "NAME", defaultValue = "customer_id",
				description = "Id column of the training data. Default: ${DEFAULT-VALUE}.")
		private String idColumn;

		@Mixin
		private SpringOptions springOptions;

		@Override
		public Integer call() {
			if (this.version.isBlank() || !this.version.matches("[A-Za-z0-9._:+-]{1,100}")) {
				throw new ParameterException(this.spec.commandLine(), "--version must be 1 to 100 letters, digits or"
						+ " ._:+- characters, not '" + this.version + "'");
			}
			PrintWriter out = this.spec.commandLine().getOut();
			PrintWriter err = this.spec.commandLine().getErr();
			// the load's lines wait for the logging Spring sets up (--log-format)
			LoadLog log = LoadLog.deferred();
			try (ScoringModel loaded = ScoringModel.load(this.model, this.version, ScoringEngineChoice.AUTO,
					ScoringModel.NO_INPUT_ROWS, log);
					ConfigurableApplicationContext context = NightscoreApplication
						.start(this.springOptions.springArguments())) {
				log.flush();
				if (!"binary:logistic".equals(loaded.objective())) {
					throw new ContractException("Model " + this.model + " has objective '" + loaded.objective()
							+ "'; nightscore accepts only binary:logistic models: retrain it with that objective");
				}
				ModelFacts facts = ModelFacts.of(this.model);
				Profile profile = (this.trainingData != null)
						? new ReferenceProfiler(context.getBean(InputResolver.class)).profile(loaded, this.trainingData,
								this.idColumn)
						: null;
				RegisteredModel registered = new RegisteredModel(this.version, loaded.sha256(), loaded.objective(),
						loaded.numTrees(), loaded.featureNames(), facts.featureTypes(), facts.baseScore(),
						this.model.toAbsolutePath().toString(), this.trainingData,
						(profile != null) ? profile.rows() : null, System.getProperty("user.name"), null, null);
				new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
					.executeWithoutResult((tx) -> {
						context.getBean(ModelRegistryRepository.class).register(registered);
						if (profile != null) {
							context.getBean(RunChecksRepository.class)
								.storeReference(this.version, profile.features(), profile.score(),
										profile.scoreQuantiles());
						}
					});
				out.printf("Registered model %s (sha256 %s, %s, %d trees, %d features)%s%n", this.version,
						loaded.sha256(), loaded.objective(), loaded.numTrees(), loaded.featureNames().size(),
						(profile != null)
								? " with a reference profile of " + profile.rows() + " rows of " + this.trainingData
								: " without a reference profile");
				return ExitCode.OK;
			}
			catch (ContractException ex) {
				err.println(ex.getMessage());
				return ExitCode.CONTRACT;
			}
			catch (RuntimeException ex) {
				return CommandFailures.report(err, ex);
			}
		}

	}

}
