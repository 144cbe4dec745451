package io.nightscore.scoring.compiled;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.nightscore.ContractException;
import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.ExplainingEngine;
import io.nightscore.scoring.ScoringEngine;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.LoadLog;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import io.nightscore.scoring.xgboost.XGBoostEngine;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.CraftedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Choosing the engine at load: the equivalence check accepts the compiled forest of a
 * model and says so in one line, and refuses one that differs from XGBoost4J (here:
 * compiled from a copy of the model with one leaf changed), falling back to XGBoost4J or,
 * under {@code --engine compiled}, failing; the probe holds the input's first rows too.
 */
@ExtendWith(OutputCaptureExtension.class)
class EngineSelectionTests {

	@TempDir
	Path dir;

	@Test
	void modelTheCompiledEngineMatchesIsScoredByIt(CapturedOutput output) throws Exception {
		Path file = ChurnInputs.MODEL;

		ScoringEngine engine = choose(file, file, ScoringEngineChoice.AUTO);

		assertThat(engine.name()).isEqualTo("compiled");
		assertThat(output.getAll())
			.containsPattern("Model " + file + ": scored by the compiled engine; equivalence"
					+ " check passed against XGBoost4J: \\d+ probe rows, max \\|diff\\| [0-9.e-]+ \\(row \\d+: ")
			.as("explanations are checked when first asked for")
			.doesNotContain("TreeSHAP");
		((ExplainingEngine) engine).newExplainer().close();
		assertThat(output.getAll())
			.containsPattern("Model " + file + ": explained by the compiled engine's TreeSHAP; check passed against"
					+ " XGBoost4J: 128 rows, max \\|diff\\| [0-9.e-]+ \\(row \\d+, column \\d+\\)");
		engine.close();
	}

	@Test
	void modelWhoseCoversCannotWeighAPathIsScoredByTheCompiledEngineAndExplainedByXgboost(CapturedOutput output)
			throws Exception {
		ObjectNode json = CraftedModels.read(ChurnInputs.MODEL);
		((ArrayNode) CraftedModels.tree(json, 3).get("sum_hessian")).set(0, 0.0f);
		Path file = CraftedModels.write(json, this.dir.resolve("zero-cover.json"));

		ScoringEngine engine = choose(file, file, ScoringEngineChoice.AUTO);

		assertThat(engine.name()).isEqualTo("compiled");
		try (Explainer explainer = ((ExplainingEngine) engine).newExplainer()) {
			float[] row = new float[explainer.featureCount()];
			assertThat(explainer.contributions(row, 1)).hasSize(row.length + 1);
		}
		assertThat(output.getAll()).contains("Model " + file + ": explained by XGBoost4J, not the compiled engine's"
				+ " TreeSHAP: tree 3 node 0 has cover 0.0");
		engine.close();
	}

	@Test
	void compiledForestThatDiffersFromXgboostIsRefusedAndXgboostScores(CapturedOutput output) throws Exception {
		Path file = ChurnInputs.MODEL;
		Path changed = changedLeaf();

		ScoringEngine engine = choose(file, changed, ScoringEngineChoice.AUTO);

		assertThat(engine.name()).isEqualTo("xgboost");
		assertThat(output.getAll()).containsPattern("Model " + file + ": scored by XGBoost4J, not the compiled"
				+ " engine: the equivalence check found the compiled engine off XGBoost4J by more than 1.0E-6: \\d+"
				+ " probe rows, max \\|diff\\| 0\\.\\d+ \\(row \\d+: ");
		engine.close();
	}

	@Test
	void compiledForestThatDiffersFromXgboostFailsTheRunUnderEngineCompiled() throws Exception {
		Path file = ChurnInputs.MODEL;
		Path changed = changedLeaf();

		assertThatExceptionOfType(ContractException.class)
			.isThrownBy(() -> choose(file, changed, ScoringEngineChoice.COMPILED))
			.withMessageStartingWith("Model " + file + " cannot be scored with --engine compiled: the equivalence check"
					+ " found the compiled engine off XGBoost4J by more than 1.0E-6: ")
			.withMessageEndingWith(": use --engine auto (XGBoost4J then scores it)");
	}

	@Test
	void inputsFirstRowsArePartOfTheProbe(CapturedOutput output) throws Exception {
		Path file = ChurnInputs.MODEL;
		List<List<String>> asked = new ArrayList<>();
		float[] firstRows = new float[3 * 8];
		java.util.Arrays.fill(firstRows, 1.5f);

		try (ScoringModel model = ScoringModel.load(file, null, ScoringEngineChoice.AUTO, (names) -> {
			asked.add(names);
			return java.util.Arrays.copyOf(firstRows, 3 * names.size());
		})) {
			assertThat(model.engine().name()).isEqualTo("compiled");
			assertThat(asked).containsExactly(model.featureNames());
		}
		int thresholdRows = ProbeRows.build(ForestReader.read(file, Files.readAllBytes(file)), new float[0], 0).length
				/ asked.get(0).size();
		assertThat(output.getAll()).contains("check passed against XGBoost4J: " + (thresholdRows + 3) + " probe rows")
			.contains("; 3 of the probe rows are the input's first rows");
	}

	@Test
	void engineXgboostSkipsTheCompiledEngine(CapturedOutput output) throws Exception {
		ScoringEngine engine = choose(ChurnInputs.MODEL, ChurnInputs.MODEL, ScoringEngineChoice.XGBOOST);

		assertThat(engine.name()).isEqualTo("xgboost");
		assertThat(output.getAll()).contains("Model " + ChurnInputs.MODEL + ": scored by XGBoost4J (--engine xgboost)");
		engine.close();
	}

	/**
	 * A model the compiled engine does not support (here a dart model whose tree 2 keeps
	 * half its weight) is scored by XGBoost4J, with one line saying why, and XGBoost4J
	 * applies the weight: the scores differ from the same trees as gbtree, by tree 2's
	 * half leaf. Under {@code --engine compiled} the run fails with the same reason.
	 */
	@Test
	void dartModelWithAWeightedTreeIsScoredByXgboostWithTheReason(CapturedOutput output) throws Exception {
		ObjectNode json = CraftedModels.read(ChurnInputs.MODEL);
		ObjectNode learner = CraftedModels.learner(json);
		ObjectNode gbtree = (ObjectNode) learner.get("gradient_booster");
		int trees = Integer.parseInt(gbtree.get("model").get("gbtree_model_param").get("num_trees").asString());
		ObjectNode dart = learner.putObject("gradient_booster");
		dart.put("name", "dart");
		dart.set("gbtree", gbtree);
		ArrayNode weights = dart.putArray("weight_drop");
		for (int t = 0; t < trees; t++) {
			weights.add((t == 2) ? 0.5f : 1.0f);
		}
		Path file = CraftedModels.write(json, this.dir.resolve("dart.json"));

		try (ScoringModel model = ScoringModel.load(file, null, ScoringEngineChoice.AUTO);
				ScoringModel plain = ScoringModel.load(ChurnInputs.MODEL, null, ScoringEngineChoice.XGBOOST)) {
			assertThat(model.engine().name()).isEqualTo("xgboost");
			float[] row = new float[model.featureNames().size()];
			try (Scorer dartScorer = model.newScorer(); Scorer plainScorer = plain.newScorer()) {
				assertThat(dartScorer.score(row, 1)[0]).isNotEqualTo(plainScorer.score(row, 1)[0]);
			}
		}
		assertThat(output.getAll()).contains("Model " + file
				+ ": scored by XGBoost4J, not the compiled engine: the compiled engine does not support it: it is a dart"
				+ " model and tree 2 has weight 0.5");
		assertThatExceptionOfType(ContractException.class)
			.isThrownBy(() -> ScoringModel.load(file, null, ScoringEngineChoice.COMPILED))
			.withMessageContaining("it is a dart model and tree 2 has weight 0.5");
	}

	private Path changedLeaf() throws Exception {
		ObjectNode json = CraftedModels.read(ChurnInputs.MODEL);
		ObjectNode tree = CraftedModels.tree(json, 0);
		int leaf = CraftedModels.firstLeaf(tree);
		ArrayNode values = (ArrayNode) tree.get("split_conditions");
		values.set(leaf, values.get(leaf).floatValue() + 0.5f);
		return CraftedModels.write(json, this.dir.resolve("changed.json"));
	}

	private static ScoringEngine choose(Path file, Path compileFrom, ScoringEngineChoice choice) throws Exception {
		byte[] bytes = Files.readAllBytes(file);
		Forest forest = ForestReader.read(file, bytes);
		Forest other = ForestReader.read(compileFrom, Files.readAllBytes(compileFrom));
		XGBoostEngine xgboost = XGBoostEngine.load(file, bytes, null).engine();
		return EngineSelection.choose(file, forest, other, xgboost, choice, new float[0], 0, LoadLog.immediate());
	}

}
