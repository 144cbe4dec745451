package io.nightscore.scoring.xgboost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.ExplainingEngine;
import io.nightscore.scoring.ModelArtifact;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringEngine;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The XGBoost4J engine: scores with XGBoost's own native predictor and explains with its
 * exact TreeSHAP, one Booster per scoring or explaining thread.
 *
 * <p>
 * Loading checks what XGBoost4J itself never checks: the model must name its features
 * (the only way to match Parquet columns to model inputs) and must predict one
 * probability per row. Thread-safe; a scorer's Booster comes back to the engine when the
 * scorer is closed, so a run of many partitions loads the model into XGBoost once per
 * thread, not once per partition. {@link #close} frees the Boosters no scorer holds.
 */
public final class XGBoostEngine implements ScoringEngine, ExplainingEngine {

	/** The name runs record for this engine. */
	public static final String NAME = "xgboost";

	/** Objectives whose prediction is one churn probability per row. */
	static final Set<String> SUPPORTED_OBJECTIVES = Set.of("binary:logistic", "reg:logistic");

	private final Path file;

	private final byte[] bytes;

	private final int featureCount;

	private final Queue<Booster> idleBoosters = new ConcurrentLinkedQueue<>();

	private XGBoostEngine(Path file, byte[] bytes, int featureCount, Booster first) {
		this.file = file;
		this.bytes = bytes;
		this.featureCount = featureCount;
		this.idleBoosters.add(first);
	}

	/**
	 * Load a model's bytes into XGBoost, check them and describe them.
	 * @param version the version tag to record, or {@code null} for one derived from the
	 * sha256
	 * @return the model's artifact, and this engine for it
	 * @throws ContractException if the bytes are not a model, have no feature names or an
	 * objective that does not predict a probability
	 */
	public static Loaded load(Path file, byte[] bytes, String version) {
		return load(file, bytes, version, ForestReader.read(file, bytes));
	}

	/**
	 * As {@link #load(Path, byte[], String)}, for a model whose bytes were already read
	 * into {@code forest}: its objective and tree count are the forest's, so XGBoost's
	 * own JSON export of the model (as large as the model) is not parsed again.
	 */
	public static Loaded load(Path file, byte[] bytes, String version, Forest forest) {
		Booster booster = loadBooster(file, bytes);
		try {
			String[] names = booster.getFeatureNames();
			if (names == null || names.length == 0
					|| Arrays.stream(names).anyMatch((name) -> name == null || name.isBlank())) {
				throw new ContractException("Model " + file
						+ " has no feature names, so its inputs cannot be matched to"
						+ " Parquet columns (legacy binary models never have them): save it as JSON or UBJ from a"
						+ " DMatrix or DataFrame with feature names");
			}
			String objective = forest.objective();
			if (!SUPPORTED_OBJECTIVES.contains(objective)) {
				throw new ContractException("Model " + file + " has objective '" + objective
						+ "'; nightscore scores churn probabilities and needs one of " + SUPPORTED_OBJECTIVES);
			}
			ModelArtifact artifact = ModelArtifact.of(file, bytes, version, List.of(names), objective,
					forest.trees().size());
			return new Loaded(artifact, new XGBoostEngine(file, bytes, names.length, booster));
		}
		catch (XGBoostError ex) {
			booster.dispose();
			throw new ContractException(
					"Model " + file + " cannot be inspected by XGBoost: " + Failures.firstLine(ex.getMessage()), ex);
		}
		catch (RuntimeException ex) {
			booster.dispose();
			throw ex;
		}
	}

	/** A model loaded into XGBoost: what it is, and the engine that scores with it. */
	public record Loaded(ModelArtifact artifact, XGBoostEngine engine) {
	}

	/**
	 * Load XGBoost's native library now (it is extracted from the jar, about 16 MB, and
	 * linked: a few hundred milliseconds) rather than at the first model load. Errors are
	 * left for that first load to report.
	 */
	public static void loadNativeLibrary() {
		try {
			Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, XGBoostEngine.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// the first model load reports it
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	/**
	 * A scorer with a Booster of its own (an idle one, or a new one), {@code nthread=1}.
	 */
	@Override
	public Scorer newScorer() {
		return newScorer(1);
	}

	/**
	 * A scorer whose Booster uses {@code threads} of XGBoost's own threads.
	 */
	public Scorer newScorer(int threads) {
		Booster booster = this.idleBoosters.poll();
		return new XGBoostScorer((booster != null) ? booster : loadBooster(this.file, this.bytes), this.featureCount,
				threads, this.idleBoosters::add);
	}

	/**
	 * An explainer with a Booster of its own from the same pool, {@code nthread=1}:
	 * XGBoost's exact TreeSHAP ({@code predictContrib}).
	 */
	@Override
	public Explainer newExplainer() {
		Booster booster = this.idleBoosters.poll();
		return new XGBoostExplainer((booster != null) ? booster : loadBooster(this.file, this.bytes), this.featureCount,
				this.idleBoosters::add);
	}

	/** Free the native memory of the Boosters that no open scorer holds. */
	@Override
	public void close() {
		for (Booster booster = this.idleBoosters.poll(); booster != null; booster = this.idleBoosters.poll()) {
			booster.dispose();
		}
	}

	private static Booster loadBooster(Path file, byte[] bytes) {
		try {
			return XGBoost.loadModel(bytes);
		}
		catch (XGBoostError | IOException | RuntimeException ex) {
			throw new ContractException(
					"Model file " + file + " is not an XGBoost JSON or UBJ model (XGBoost: " + xgboostMessage(ex)
							+ "): check --model; nightscore needs a model saved as JSON or UBJ with feature names",
					ex);
		}
	}

	/**
	 * XGBoost's message without the time and source location it starts with
	 * ({@code [11:53:03] /workspace/include/xgboost/json.h:82: Invalid cast ...}).
	 */
	static String xgboostMessage(Throwable ex) {
		return Failures.firstLine(ex.getMessage()).replaceFirst("^\\[[0-9:]+\\] \\S+:\\d+: ", "");
	}

}
