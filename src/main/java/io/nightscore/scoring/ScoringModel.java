package io.nightscore.scoring;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import io.nightscore.ContractException;
import io.nightscore.scoring.compiled.EngineSelection;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import io.nightscore.scoring.xgboost.XGBoostEngine;

/**
 * A model ready to score: its {@link ModelArtifact} and the {@link ScoringEngine} that
 * scores with it. Thread-safe; each scoring thread asks for its own {@link Scorer}.
 * {@link #close} frees the engine's native memory.
 */
public final class ScoringModel implements AutoCloseable {

	/**
	 * Probe rows for a load without input: the equivalence check scores the model's own
	 * probe rows only.
	 */
	public static final Function<List<String>, float[]> NO_INPUT_ROWS = (featureNames) -> new float[0];

	private final ModelArtifact artifact;

	private final ScoringEngine engine;

	public ScoringModel(ModelArtifact artifact, ScoringEngine engine) {
		this.artifact = artifact;
		this.engine = engine;
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
	 * matches XGBoost4J on the model's probe rows, XGBoost4J otherwise. The model is
	 * checked in plain Java ({@link ForestReader}) before XGBoost4J sees a byte of it:
	 * XGBoost4J crashes the JVM on an index out of range and loops forever on a cycle.
	 * @throws ContractException if the model is unusable, or cannot be scored by the
	 * compiled engine under {@code --engine compiled}
	 */
	public static ScoringModel load(Path file, String version, ScoringEngineChoice choice) {
		return load(file, version, choice, NO_INPUT_ROWS);
	}

	/**
	 * As {@link #load(Path, String, ScoringEngineChoice)}, the equivalence check also
	 * scoring real rows.
	 * @param probeRows given the model's feature names, rows to add to the equivalence
	 * check's probe rows (row-major, those features in that order), e.g. the input's
	 * first rows
	 */
	public static ScoringModel load(Path file, String version, ScoringEngineChoice choice,
			Function<List<String>, float[]> probeRows) {
		return load(file, version, choice, probeRows, LoadLog.immediate());
	}

	/**
	 * As {@link #load(Path, String, ScoringEngineChoice, Function)}, the engine's choice
	 * logged to {@code log}.
	 */
	public static ScoringModel load(Path file, String version, ScoringEngineChoice choice,
			Function<List<String>, float[]> probeRows, LoadLog log) {
		byte[] bytes = ModelArtifact.read(file);
		Forest forest = ForestReader.read(file, bytes);
		XGBoostEngine.Loaded loaded = XGBoostEngine.load(file, bytes, version, forest);
		ScoringEngine engine;
		try {
			float[] extra = (choice != ScoringEngineChoice.XGBOOST) ? probeRows.apply(loaded.artifact().featureNames())
					: new float[0];
			engine = EngineSelection.choose(file, forest, loaded.engine(), choice, extra,
					extra.length / loaded.artifact().featureNames().size(), log);
		}
		catch (RuntimeException ex) {
			loaded.engine().close();
			throw ex;
		}
		return new ScoringModel(loaded.artifact(), engine);
	}

	/**
	 * Load the scoring engines' native code now rather than at the first model load, for
	 * a background thread to call while the application starts.
	 */
	public static void loadNativeLibrary() {
		XGBoostEngine.loadNativeLibrary();
	}

	/** A scorer for the calling thread; close it when done. */
	public Scorer newScorer() {
		return this.engine.newScorer();
	}

	/**
	 * An explainer for the calling thread; close it when done.
	 * @throws IllegalStateException if the model's engine cannot explain
	 */
	public Explainer newExplainer() {
		if (!(this.engine instanceof ExplainingEngine explaining)) {
			throw new IllegalStateException("The " + this.engine.name()
					+ " engine cannot explain scores: run without reason codes or with the xgboost engine");
		}
		return explaining.newExplainer();
	}

	@Override
	public void close() {
		this.engine.close();
	}

	public ModelArtifact artifact() {
		return this.artifact;
	}

	public ScoringEngine engine() {
		return this.engine;
	}

	public Path file() {
		return this.artifact.file();
	}

	public String sha256() {
		return this.artifact.sha256();
	}

	public String version() {
		return this.artifact.version();
	}

	public List<String> featureNames() {
		return this.artifact.featureNames();
	}

	public String objective() {
		return this.artifact.objective();
	}

	public int numTrees() {
		return this.artifact.numTrees();
	}

}
