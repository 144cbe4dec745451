package io.nightscore.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nightscore.ContractException;
import io.nightscore.input.ModelFiles;
import io.nightscore.scoring.ScoringModel;

/**
 * Loads each model file (a path or a Hadoop URI, see {@link ModelFiles}) once per
 * process, so that the prepare step and every partition's writer share one checked
 * {@link ScoringModel} (and its Boosters). Thread-safe; closed with the application
 * context, which frees the models' native memory.
 */
final class LoadedModels implements AutoCloseable {

	private final Map<String, ScoringModel> models = new ConcurrentHashMap<>();

	private final ModelFiles files;

	LoadedModels(ModelFiles files) {
		this.files = files;
	}

	ScoringModel load(String path, String version) {
		return this.models.computeIfAbsent(path + "\0" + version,
				(key) -> ScoringModel.load(this.files.localCopy(path), version));
	}

	/**
	 * The run's model, checked to be the one the run was started with: the one the
	 * prepare step loaded, when it ran in this process.
	 * @throws ContractException if the file changed since the prepare step fingerprinted
	 * it
	 */
	ScoringModel load(RunContext run) {
		ScoringModel model = load(run.modelPath(), run.parameters().getString(JobNames.MODEL_VERSION));
		if (!model.sha256().equals(run.modelSha256())) {
			throw new ContractException("Model " + model.file() + " changed while run " + run.runId()
					+ " was in progress (sha256 " + model.sha256() + ", started with " + run.modelSha256()
					+ "): start the date afresh with --rerun");
		}
		return model;
	}

	@Override
	public void close() {
		this.models.values().forEach(ScoringModel::close);
	}

}
