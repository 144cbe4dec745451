package io.nightscore.scoring;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

	/**
	 * The model of a file, loaded on first use.
	 * @param version the version tag to record, or {@code null} for one derived from the
	 * sha256
	 */
	public ScoringModel load(String path, String version) {
		return this.models.computeIfAbsent(path + "\0" + version, (key) -> ScoringModel.load(Path.of(path), version));
	}

	@Override
	public void close() {
		this.models.values().forEach(ScoringModel::close);
	}

}
