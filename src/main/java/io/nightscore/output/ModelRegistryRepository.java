package io.nightscore.output;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.nightscore.ContractException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The model registry in {@code model_version}: what {@code nightscore model add} records
 * (file, sha256, objective, trees, base score, feature names and types, training data),
 * read back by {@code model list}, {@code model show} and by {@code score
 * --model-version TAG} without {@code --model}. Thread-safe.
 */
public final class ModelRegistryRepository {

	private final JdbcTemplate jdbc;

	public ModelRegistryRepository(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * A registered model.
	 *
	 * @param modelPath the file it was registered from, or {@code null} when it was only
	 * used (registered on first use)
	 * @param profileRows the rows its training profile was computed from, or {@code null}
	 */
	public record RegisteredModel(String version, String sha256, String objective, int numTrees,
			List<String> featureNames, List<String> featureTypes, Double baseScore, String modelPath,
			String trainingData, Long profileRows, String registeredBy, OffsetDateTime registeredAt,
			OffsetDateTime firstUsedAt) {
	}

	/**
	 * Register a model under its version, or complete the row a first use left.
	 * @throws ContractException if the version was recorded for different bytes
	 */
	public void register(RegisteredModel model) {
		Optional<RegisteredModel> existing = find(model.version());
		if (existing.isPresent() && !existing.get().sha256().equals(model.sha256())) {
			throw new ContractException("Model version '" + model.version() + "' is registered for a model with sha256 "
					+ existing.get().sha256() + ", but " + model.modelPath() + " has sha256 " + model.sha256()
					+ ": register it under a new --version");
		}
		this.jdbc
			.update("""
					INSERT INTO model_version (version, sha256, objective, num_trees, feature_names, feature_types, base_score,
					model_path, training_data, profile_rows, registered_by, registered_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
					ON CONFLICT (version) DO UPDATE SET feature_types = excluded.feature_types, base_score = excluded.base_score,
					model_path = excluded.model_path, training_data = excluded.training_data,
					profile_rows = excluded.profile_rows, registered_by = excluded.registered_by, registered_at = now()""",
					model.version(), model.sha256(), model.objective(), model.numTrees(),
					model.featureNames().toArray(String[]::new),
					(model.featureTypes() != null) ? model.featureTypes().toArray(String[]::new) : null,
					model.baseScore(), model.modelPath(), model.trainingData(), model.profileRows(),
					model.registeredBy());
	}

	public Optional<RegisteredModel> find(String version) {
		return this.jdbc.query(SELECT + " WHERE version = ?", MAPPER, version).stream().findFirst();
	}

	/** Every model, newest registration or first use first. */
	public List<RegisteredModel> list() {
		return this.jdbc.query(SELECT + " ORDER BY coalesce(registered_at, first_used_at) DESC, version", MAPPER);
	}

	private static final String SELECT = """
			SELECT version, sha256, objective, num_trees, feature_names, feature_types, base_score, model_path,
			training_data, profile_rows, registered_by, registered_at, first_used_at FROM model_version""";

	private static final RowMapper<RegisteredModel> MAPPER = (rs, n) -> new RegisteredModel(rs.getString(1),
			rs.getString(2), rs.getString(3), rs.getInt(4), strings(rs.getArray(5)), strings(rs.getArray(6)),
			(Double) rs.getObject(7), rs.getString(8), rs.getString(9), (Long) rs.getObject(10), rs.getString(11),
			rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class));

	private static List<String> strings(java.sql.Array array) throws java.sql.SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : null;
	}

}
