package io.nightscore.sampledata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a binary-logistic XGBoost churn model on synthetic customers and saves it, with
 * the feature names and types, as JSON ({@code .json}) or UBJSON ({@code .ubj}).
 *
 * <p>
 * Training rows are customers {@code 0} to {@code trainingRows - 1} of a
 * {@link ChurnDataGenerator} seeded with the training seed (use a different seed than the
 * scored data); the metrics come from the next {@code max(1000, trainingRows / 5)}
 * customers. Missing values are {@code NaN}. With the same arguments and thread count the
 * saved model is the same. Thread-safe: every call has its own native objects, released
 * before it returns.
 */
public final class ChurnModelTrainer {

	public static final int DEFAULT_TREES = 100;

	public static final int DEFAULT_MAX_DEPTH = 5;

	public static final double DEFAULT_ETA = 0.1;

	public static final int DEFAULT_TRAINING_ROWS = 50_000;

	public static final long DEFAULT_SEED = 7;

	private static final Logger logger = LoggerFactory.getLogger(ChurnModelTrainer.class);

	private final int trees;

	private final int maxDepth;

	private final double eta;

	private final int threads;

	/**
	 * Create a trainer.
	 * @param trees the number of boosting rounds, at least 1
	 * @param maxDepth the maximum tree depth, at least 1
	 * @param eta the learning rate, in {@code (0, 1]}
	 * @param threads XGBoost's {@code nthread}, at least 1
	 */
	public ChurnModelTrainer(int trees, int maxDepth, double eta, int threads) {
		if (trees < 1 || maxDepth < 1 || !(eta > 0 && eta <= 1) || threads < 1) {
			throw new IllegalArgumentException("Invalid training parameters: trees " + trees + ", max depth " + maxDepth
					+ ", eta " + eta + ", threads " + threads
					+ "; trees, depth and threads must be at least 1 and eta in (0, 1]");
		}
		this.trees = trees;
		this.maxDepth = maxDepth;
		this.eta = eta;
		this.threads = threads;
	}

	/**
	 * Train a model and save it.
	 * @param seed the seed of the training customers
	 * @param trainingRows how many customers to train on, at least 1
	 * @param modelFile where to save the model, ending in {@code .json} or {@code .ubj};
	 * its directory is created if missing and an existing file is replaced
	 * @return the saved model's path, size and holdout metrics
	 * @throws IOException if the model cannot be written
	 * @throws XGBoostError if XGBoost fails
	 */
	public TrainingResult train(long seed, int trainingRows, Path modelFile) throws IOException, XGBoostError {
		String format = formatOf(modelFile);
		if (trainingRows < 1) {
			throw new IllegalArgumentException("Training rows " + trainingRows + " must be at least 1");
		}
		ChurnDataGenerator generator = new ChurnDataGenerator(seed);
		int holdoutRows = Math.max(1000, trainingRows / 5);
		DMatrix training = null;
		DMatrix holdout = null;
		Booster booster = null;
		try {
			training = ChurnMatrices.of(generator, 0, trainingRows);
			holdout = ChurnMatrices.of(generator, trainingRows, holdoutRows);
			booster = XGBoost.train(training, parameters(), this.trees, new HashMap<>(), null, null);
			booster.setFeatureNames(ChurnDataGenerator.FEATURE_NAMES.toArray(String[]::new));
			booster.setFeatureTypes(ChurnMatrices.featureTypes());
			HoldoutMetrics metrics = HoldoutMetrics.of(ChurnMatrices.firstColumn(booster.predict(holdout)),
					holdout.getLabel());
			save(booster, modelFile, format);
			logger.info("Trained {} trees on {} customers (seed {}): holdout AUC {}, saved to {}", this.trees,
					trainingRows, seed, metrics.auc(), modelFile);
			return new TrainingResult(modelFile, this.trees, trainingRows, metrics);
		}
		finally {
			dispose(booster, training, holdout);
		}
	}

	private Map<String, Object> parameters() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("objective", "binary:logistic");
		parameters.put("tree_method", "hist");
		parameters.put("max_depth", this.maxDepth);
		parameters.put("eta", this.eta);
		parameters.put("nthread", this.threads);
		parameters.put("seed", 0);
		return parameters;
	}

	private static String formatOf(Path modelFile) {
		String name = modelFile.getFileName().toString();
		if (name.endsWith(".json")) {
			return "json";
		}
		if (name.endsWith(".ubj")) {
			return "ubj";
		}
		throw new IllegalArgumentException(
				"Model file " + modelFile + " must end in .json (JSON) or .ubj (UBJSON), the formats XGBoost loads");
	}

	private static void save(Booster booster, Path modelFile, String format) throws IOException, XGBoostError {
		Path parent = modelFile.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		try (OutputStream out = Files.newOutputStream(modelFile)) {
			booster.saveModel(out, format);
		}
	}

	private static void dispose(Booster booster, DMatrix... matrices) {
		if (booster != null) {
			booster.dispose();
		}
		for (DMatrix matrix : matrices) {
			if (matrix != null) {
				matrix.dispose();
			}
		}
	}

}
