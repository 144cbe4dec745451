package io.nightscore.sampledata;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code train} command: trains an XGBoost churn model on synthetic customers, saves
 * it as JSON or UBJSON and prints one summary line with the holdout AUC.
 */
@Command(name = "train", description = "Train an XGBoost churn model on synthetic customers",
		mixinStandardHelpOptions = true)
public class TrainCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--trees", defaultValue = "100", paramLabel = "N",
			description = "Number of trees (boosting rounds) (default: ${DEFAULT-VALUE}).")
	private int trees;

	@Option(names = "--max-depth", defaultValue = "5", paramLabel = "D",
			description = "Maximum depth of a tree (default: ${DEFAULT-VALUE}).")
	private int maxDepth;

	@Option(names = "--eta", defaultValue = "0.1", paramLabel = "ETA",
			description = "Learning rate, in (0, 1] (default: ${DEFAULT-VALUE}).")
	private double eta;

	@Option(names = "--training-rows", defaultValue = "50000", paramLabel = "N",
			description = "Number of synthetic customers to train on; the holdout is the next "
					+ "max(1000, N/5) (default: ${DEFAULT-VALUE}).")
	private int trainingRows;

	@Option(names = "--seed", defaultValue = "7", paramLabel = "S",
			description = "Seed of the training customers; use another than the scored data's "
					+ "(default: ${DEFAULT-VALUE}).")
	private long seed;

	@Option(names = "--threads", paramLabel = "T",
			description = "XGBoost threads (default: the number of processors); 1 and 2 threads save the same model.")
	private int threads = Runtime.getRuntime().availableProcessors();

	@Option(names = "--out", required = true, paramLabel = "FILE",
			description = "Model file to write, ending in .json (JSON) or .ubj (UBJSON); replaced if it exists.")
	private Path out;

	@Override
	public Integer call() throws Exception {
		String name = this.out.getFileName().toString();
		if (!name.endsWith(".json") && !name.endsWith(".ubj")) {
			throw new ParameterException(this.spec.commandLine(),
					"--out " + this.out + " must end in .json or .ubj, the formats XGBoost saves with feature names");
		}
		ChurnModelTrainer trainer;
		try {
			trainer = new ChurnModelTrainer(this.trees, this.maxDepth, this.eta, this.threads);
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage(), ex);
		}
		if (this.trainingRows < 1) {
			throw new ParameterException(this.spec.commandLine(),
					"--training-rows must be at least 1, was " + this.trainingRows);
		}
		long started = System.nanoTime();
		TrainingResult result = trainer.train(this.seed, this.trainingRows, this.out);
		double seconds = (System.nanoTime() - started) / 1e9;
		this.spec.commandLine()
			.getOut()
			.printf(Locale.ROOT,
					"Trained %d trees (max depth %d, eta %s) on %d customers (seed %d) in %.1f s: "
							+ "holdout AUC %.4f, log loss %.4f on %d customers; model saved to %s%n",
					result.trees(), this.maxDepth, this.eta, result.trainingRows(), this.seed, seconds,
					result.holdout().auc(), result.holdout().logLoss(), result.holdout().rows(), result.modelFile());
		return 0;
	}

}
