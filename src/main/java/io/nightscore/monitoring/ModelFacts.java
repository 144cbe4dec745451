package io.nightscore.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.nightscore.ContractException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the registry records of a model beyond what scoring needs: its feature types and
 * base score, read from XGBoost's own JSON dump of the model.
 *
 * @param featureTypes XGBoost's type per feature ({@code float}, {@code int}, {@code i},
 * {@code q}, {@code c}), or {@code null} when the model has none
 * @param baseScore the global bias as a probability, or {@code null} when absent
 */
public record ModelFacts(List<String> featureTypes, Double baseScore) {

	/** Read a model file's facts. */
	public static ModelFacts of(Path file) {
		Booster booster = null;
		try {
			booster = XGBoost.loadModel(Files.readAllBytes(file));
			String[] types = booster.getFeatureTypes();
			JsonNode parameters = JsonMapper.shared()
				.readTree(booster.toByteArray("json"))
				.path("learner")
				.path("learner_model_param");
			String base = parameters.path("base_score").asString("").replace("[", "").replace("]", "");
			return new ModelFacts((types != null && types.length > 0) ? Arrays.asList(types) : null,
					base.isBlank() ? null : Double.valueOf(base));
		}
		catch (IOException | XGBoostError | NumberFormatException ex) {
			throw new ContractException("Model " + file + " cannot be described: " + ex.getMessage(), ex);
		}
		finally {
			if (booster != null) {
				booster.dispose();
			}
		}
	}

}
