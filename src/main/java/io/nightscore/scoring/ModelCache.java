package io.nightscore.scoring;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.nightscore.scoring.compiled.ScoringEngineChoice;

/**
 * Loads each model file once per process, so that the prepare step and every partition
 * share one checked {@link ScoringModel} (and its native resources). Thread-safe; closed
 * with the application context, which frees the models' native memory.
 *
 * <p>
 * A run's partitions always run after its prepare step in the same process, which checks
 * the file against the run's recorded sha256; so the cached model is the run's model.
 */
public final class ModelCache implements AutoCloseable {

	private final Map<String, ScoringModel> models = new ConcurrentHashMap<>();

	private final java.util.Set<ScoringModel> replaced = ConcurrentHashMap.newKeySet();

	/** Models loaded elsewhere, by key, until their first {@link #load}. */
	private final Map<String, Adopted> adopted = new ConcurrentHashMap<>();

	private final ScoringEngineChoice engine;

	private final Function<String, Path> localFiles;

	/** A cache whose models are scored by the engine {@code --engine} asks for. */
	public ModelCache(ScoringEngineChoice engine) {
		this(engine, Path::of);
	}

	/**
	 * A cache of models given as paths or URIs.
	 * @param engine the engine {@code --engine} asks for
	 * @param localFiles turns a {@code --model} argument into the local file holding the
	 * model (for a URI, a copy)
	 */
	public ModelCache(ScoringEngineChoice engine, Function<String, Path> localFiles) {
		this.engine = engine;
		this.localFiles = localFiles;
	}

	public ModelCache() {
		this(ScoringEngineChoice.AUTO);
	}

	/**
	 * The model of a file, loaded on first use.
	 * @param version the version tag to record, or {@code null} for one derived from the
	 * sha256
	 */
	public ScoringModel load(String path, String version) {
		return load(path, version, ScoringModel.NO_INPUT_ROWS);
	}

	/**
	 * The model of a file, loaded on first use; a first load's equivalence check also
	 * scores {@code probeRows} (see
	 * {@link ScoringModel#load(Path, String, ScoringEngineChoice, Function)}).
	 */
	public ScoringModel load(String path, String version, Function<List<String>, float[]> probeRows) {
		return this.models.computeIfAbsent(key(path, version), (key) -> {
			Adopted adopted = this.adopted.remove(key);
			ScoringModel model = (adopted != null) ? adopted.claim() : null;
			return (model != null) ? model
					: ScoringModel.load(this.localFiles.apply(path), version, this.engine, probeRows);
		});
	}

	/**
	 * Take a model loaded (or still loading) elsewhere as the model of {@code path} and
	 * {@code version}: the first {@link #load} of them waits for it instead of loading
	 * the file, runs {@code onClaim} (the load's kept log lines) and fails as its load
	 * failed; a {@code null} model leaves that load to load the file. A model loaded for
	 * another engine than this cache's is closed instead. The cache closes what it
	 * adopted.
	 */
	public void adopt(String path, String version, ScoringEngineChoice engine, CompletableFuture<ScoringModel> model,
			Runnable onClaim) {
		if (engine != this.engine || this.models.containsKey(key(path, version))) {
			model.thenAccept(ModelCache::closeQuietly);
			return;
		}
		Adopted before = this.adopted.put(key(path, version), new Adopted(model, onClaim));
		if (before != null) {
			before.model().thenAccept(ModelCache::closeQuietly);
		}
	}

	private record Adopted(CompletableFuture<ScoringModel> model, Runnable onClaim) {

		ScoringModel claim() {
			try {
				return this.model.join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException failure) {
					throw failure;
				}
				if (ex.getCause() instanceof Error error) {
					throw error;
				}
				throw ex;
			}
			finally {
				this.onClaim.run();
			}
		}

	}

	/** The key of a model file's load as one version. */
	private static String key(String path, String version) {
		return path + "\0" + version;
	}

	private static void closeQuietly(ScoringModel model) {
		if (model != null) {
			model.close();
		}
	}

	/**
	 * The model of a file as it is now, when the cached one is not the one with
	 * {@code sha256}: a long-lived remote worker scores many runs, and the file may have
	 * been replaced since it was cached. The replaced model is left open (partitions of
	 * an older run may still use it) until the cache closes.
	 * @return the model, whose sha256 may still differ if the file changed since the run
	 * started
	 */
	public ScoringModel load(String path, String version, String sha256) {
		ScoringModel cached = load(path, version);
		if (cached.sha256().equals(sha256)) {
			return cached;
		}
		ScoringModel current = ScoringModel.load(this.localFiles.apply(path), version, this.engine);
		if (!current.sha256().equals(sha256)) {
			current.close();
			return cached;
		}
		ScoringModel replaced = this.models.put(key(path, version), current);
		if (replaced != null && replaced != cached) {
			this.replaced.add(replaced);
		}
		this.replaced.add(cached);
		return current;
	}

	@Override
	public void close() {
		this.adopted.values().forEach((adopted) -> adopted.model().thenAccept(ModelCache::closeQuietly));
		this.replaced.forEach(ScoringModel::close);
		this.models.values().forEach(ScoringModel::close);
	}

}
