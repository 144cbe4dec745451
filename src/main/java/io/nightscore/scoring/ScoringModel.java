package io.nightscore.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nightscore.ContractException;
import io.nightscore.Failures;
import io.nightscore.scoring.compiled.CompiledForest;
import io.nightscore.scoring.compiled.EngineSelection;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An XGBoost model loaded from a JSON or UBJ file: its bytes, sha256, feature names,
 * objective and tree count, and a factory for the {@link ChunkScorer}s that score with
 * it.
 *
 * <p>
 * Loading checks what XGBoost4J itself never checks: the model must name its features
 * (the only way to match Parquet columns to model inputs) and must predict one
 * probability per row. Thread-safe; each scoring thread asks for its own scorer, whose
 * native Booster comes back to the model when the scorer is closed, so that a run of many
 * partitions loads the model into XGBoost once per thread, not once per partition.
 * {@link #close} frees the Boosters no scorer holds.
 */
public final class ScoringModel implements AutoCloseable {

	/** Objectives whose prediction is one churn probability per row. */
	static final Set<String> SUPPORTED_OBJECTIVES = Set.of("binary:logistic", "reg:logistic");

	private static final int VERSION_SHA_PREFIX = 12;

	private final Path file;

	private final byte[] bytes;

	private final String sha256;

	private final String version;

	private final List<String> featureNames;

	private final String objective;

	private final int numTrees;

	private final Queue<Booster> idleBoosters = new ConcurrentLinkedQueue<>();

	private volatile CompiledForest compiled;

	private ScoringModel(Path file, byte[] bytes, String version, List<String> featureNames, String objective,
			int numTrees) {
		this.file = file;
		this.bytes = bytes;
		this.sha256 = sha256(bytes);
		this.version = (version != null && !version.isBlank()) ? version
				: "sha256-" + this.sha256.substring(0, VERSION_SHA_PREFIX);
		this.featureNames = List.copyOf(featureNames);
		this.objective = objective;
		this.numTrees = numTrees;
	}

	/**
	 * Load and check a model file.
	 * @param file an XGBoost model saved as JSON or UBJ (Python's
	 * {@code save_model("m.json")} or XGBoost4J's {@code saveModel})
	 * @param version the version tag to record, or {@code null} for one derived from the
	 * sha256
	 * @throws ContractException if the file is missing, not a model, has no feature names
	 * or has an objective that does not predict a probability
	 */
	public static ScoringModel load(Path file, String version) {
		return load(file, version, ScoringEngineChoice.AUTO);
	}

	/**
	 * Load and check a model file, and choose the engine that scores it
	 * ({@link EngineSelection}): the compiled forest when it supports the model and
	 * matches XGBoost4J on the model's probe rows, XGBoost4J otherwise.
	 * @throws ContractException if the model is unusable, or cannot be scored by the
	 * compiled engine under {@code --engine compiled}
	 */
	public static ScoringModel load(Path file, String version, ScoringEngineChoice engine) {
		byte[] bytes = readAll(file);
		// checked in plain Java first: XGBoost4J crashes or hangs on a malformed tree
		Forest forest = ForestReader.read(file, bytes);
		Booster booster = loadBooster(file, bytes);
		try {
			String[] names = booster.getFeatureNames();
			if (names == null || names.length == 0
					|| java.util.Arrays.stream(names).anyMatch((name) -> name == null || name.isBlank())) {
				throw new ContractException("Model " + file
						+ " has no feature names, so its inputs cannot be matched to"
						+ " Parquet columns (legacy binary models never have them): save it as JSON or UBJ from a"
						+ " DMatrix or DataFrame with feature names");
			}
			JsonNode learner = JsonMapper.shared().readTree(booster.toByteArray("json")).path("learner");
			String objective = learner.path("objective").path("name").asString("");
			if (!SUPPORTED_OBJECTIVES.contains(objective)) {
				throw new ContractException("Model " + file + " has objective '" + objective
						+ "'; nightscore scores churn probabilities and needs one of " + SUPPORTED_OBJECTIVES);
			}
			int trees = learner.path("gradient_booster")
				.path("model")
				.path("gbtree_model_param")
				.path("num_trees")
				.asInt(0);
			ScoringModel model = new ScoringModel(file, bytes, version, List.of(names), objective, trees);
			model.compiled = EngineSelection.choose(file, forest, booster, engine, new float[0], 0);
			if (model.compiled == null) {
				model.idleBoosters.add(booster);
			}
			else {
				booster.dispose();
			}
			return model;
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

	/**
	 * Load XGBoost's native library now (it is extracted from the jar, about 16 MB, and
	 * linked: a few hundred milliseconds) rather than at the first model load. Errors are
	 * left for that first load to report.
	 */
	public static void loadNativeLibrary() {
		try {
			Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, ScoringModel.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// the first model load reports it
		}
	}

	/**
	 * A scorer for one thread, with a native Booster of its own until it is closed: an
	 * idle one of this model's, or a new one.
	 * @param threads XGBoost's own {@code nthread} for this Booster
	 */
	public ChunkScorer newScorer(int threads) {
		CompiledForest forest = this.compiled;
		if (forest != null) {
			return new ChunkScorer(forest);
		}
		Booster booster = this.idleBoosters.poll();
		return new ChunkScorer((booster != null) ? booster : loadBooster(this.file, this.bytes),
				this.featureNames.size(), threads, this.idleBoosters::add);
	}

	/** Free the native memory of the Boosters that no open scorer holds. */
	@Override
	public void close() {
		for (Booster booster = this.idleBoosters.poll(); booster != null; booster = this.idleBoosters.poll()) {
			booster.dispose();
		}
	}

	/** The engine that scores this model: {@code compiled} or {@code xgboost}. */
	public String engine() {
		return (this.compiled != null) ? "compiled" : "xgboost";
	}

	public Path file() {
		return this.file;
	}

	public String sha256() {
		return this.sha256;
	}

	public String version() {
		return this.version;
	}

	public List<String> featureNames() {
		return this.featureNames;
	}

	public String objective() {
		return this.objective;
	}

	public int numTrees() {
		return this.numTrees;
	}

	private static byte[] readAll(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			throw new ContractException("Model file " + file + " does not exist: check --model");
		}
		catch (IOException ex) {
			throw new ContractException("Model file " + file + " cannot be read: " + ex.getMessage(), ex);
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

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
