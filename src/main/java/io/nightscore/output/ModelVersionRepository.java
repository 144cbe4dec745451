package io.nightscore.output;

import javax.sql.DataSource;

import io.nightscore.ContractException;
import io.nightscore.scoring.ScoringModel;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records every model ever used in {@code model_version}; a version tag always means the
 * same model bytes. Thread-safe.
 */
public final class ModelVersionRepository {

	private final JdbcTemplate jdbc;

	public ModelVersionRepository(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Register the model under its version tag, or check that the tag already names these
	 * bytes.
	 * @throws ContractException if the tag was recorded earlier for a different model
	 * file
	 */
	public void register(ScoringModel model) {
		this.jdbc.update("""
				INSERT INTO model_version (version, sha256, objective, num_trees, feature_names)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING""", model.version(), model.sha256(),
				model.objective(), model.numTrees(), model.featureNames().toArray(String[]::new));
		String recorded = this.jdbc.queryForObject("SELECT sha256 FROM model_version WHERE version = ?", String.class,
				model.version());
		if (!model.sha256().equals(recorded)) {
			throw new ContractException("Model version '" + model.version() + "' was recorded earlier for a model with"
					+ " sha256 " + recorded + ", but " + model.file() + " has sha256 " + model.sha256()
					+ ": give this model a new --model-version");
		}
	}

}
