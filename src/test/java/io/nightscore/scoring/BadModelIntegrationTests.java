package io.nightscore.scoring;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.nightscore.sampledata.ChurnDataGenerator;
import io.nightscore.support.ChurnInputs;
import io.nightscore.support.CraftedModels;
import io.nightscore.support.Fifos;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.TestDatabase;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model file nightscore cannot use fails the run before anything is written, with exit
 * code 2 and one line naming the file and the reason, and {@code customer_scores} keeps
 * showing the previous run: bytes that are no model at all, and a model in XGBoost's
 * legacy binary format, which loads but has no feature names to match columns by.
 */
@JobIntegrationTest
class BadModelIntegrationTests {

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	ChurnInputs input;

	@BeforeEach
	void publishAPreviousRun() throws Exception {
		this.input = ChurnInputs.generate(this.dir.resolve("customers"), 1000, 1, 37);
		assertThat(Nightscore.run(this.input.score("--scoring-date", "2026-11-15")).exitCode()).isZero();
	}

	@Test
	void bytesThatAreNoModel() throws Exception {
		Path model = this.dir.resolve("churn-model.json");
		byte[] garbage = new byte[4096];
		new Random(41).nextBytes(garbage);
		Files.write(model, garbage);

		Result result = scoreWith(model);

		assertContractViolation(result, "Model file " + model + " is not an XGBoost JSON or UBJ model (");
		assertThat(result.err())
			.contains("): check --model; nightscore needs a model saved as JSON or UBJ with" + " feature names")
			.doesNotContain("XGBoost:")
			.doesNotContain("Check failed");
	}

	@Test
	void aFifoOrADeviceIsRefusedWithoutBeingRead() throws Exception {
		Path fifo = Fifos.make(this.dir.resolve("model.json"));

		// read, the first waits for a writer and the second never ends
		for (Path model : List.of(fifo, Path.of("/dev/zero"))) {
			assertContractViolation(scoreWith(model), "Model file " + model
					+ " is not a regular file (a directory, FIFO, socket or device): check --model");
		}
	}

	@Test
	void legacyBinaryModelWithoutFeatureNames() throws Exception {
		Path model = legacyBinaryModel(this.dir.resolve("churn-model.bin"));

		Result result = scoreWith(model);

		assertContractViolation(result, "Model file " + model + " is not an XGBoost JSON or UBJ model (it does not"
				+ " start with '{': a legacy binary model, which has no feature names, or no model at all): check --model;"
				+ " nightscore needs a model saved as JSON or UBJ with feature names");
	}

	@Test
	void featureIndexOutOfRangeIsRefusedByTheRealJarWithoutACrash() throws Exception {
		ObjectNode json = CraftedModels.read(ChurnInputs.MODEL);
		ObjectNode tree = CraftedModels.tree(json, 7);
		int node = CraftedModels.splitAboveLeaves(tree);
		((ArrayNode) tree.get("split_indices")).set(node, 999);
		Path model = CraftedModels.write(json, this.dir.resolve("feature-999.ubj"));
		List<String> args = new ArrayList<>(List.of(this.input.score("--scoring-date", "2026-11-22")));
		args.set(args.indexOf("--model") + 1, model.toString());
		Set<Path> crashFilesBefore = crashFiles();

		Result result = NightscoreProcess.run(this.dir.resolve("logs"), NightscoreProcess.environment("forest-999"),
				args.toArray(String[]::new));

		assertContractViolation(result, "Model " + model + " is refused: tree 7 node " + node
				+ " splits on feature index 999, but the model has 19 features (0 to 18); the file is damaged or was"
				+ " not written by XGBoost: save the model again from the training code");
		assertThat(crashFiles()).isEqualTo(crashFilesBefore);
	}

	@Test
	void cycleInATreeIsRefusedInsteadOfLoopingForever() throws Exception {
		ObjectNode json = CraftedModels.read(ChurnInputs.MODEL);
		ObjectNode tree = CraftedModels.tree(json, 3);
		int node = CraftedModels.splitAboveLeaves(tree);
		((ArrayNode) tree.get("right_children")).set(node, 0);

		Result result = scoreWith(CraftedModels.write(json, this.dir.resolve("cycle.json")));

		assertContractViolation(result, "Model " + this.dir.resolve("cycle.json") + " is refused: tree 3 node " + node
				+ " leads to node 0, which is already reached from the root (a cycle or a shared node); every tree must"
				+ " be a tree;");
	}

	@Test
	void duplicateFeatureNamesAreBlamedOnTheModelNotTheInput() throws Exception {
		ObjectNode json = CraftedModels.read(ChurnInputs.MODEL);
		ArrayNode names = (ArrayNode) CraftedModels.learner(json).get("feature_names");
		String first = names.get(0).asString();
		names.set(4, first);

		Result result = scoreWith(CraftedModels.write(json, this.dir.resolve("names.json")));

		assertContractViolation(result, "Model " + this.dir.resolve("names.json") + " is refused: feature name '"
				+ first + "' appears twice (features 0 and 4); feature names must be unique;");
	}

	@Test
	void nanBaseScoreIsAContractViolationNotARetry() throws Exception {
		ObjectNode json = CraftedModels.read(ChurnInputs.MODEL);
		((ObjectNode) CraftedModels.learner(json).get("learner_model_param")).put("base_score", "[NaN]");

		Result result = scoreWith(CraftedModels.write(json, this.dir.resolve("nan-base.json")));

		assertContractViolation(result, "Model " + this.dir.resolve("nan-base.json")
				+ " is refused: base_score is NaN; it must be a finite number;");
	}

	/** JVM crash files in the working directory, where a child JVM would leave one. */
	private static Set<Path> crashFiles() throws Exception {
		try (Stream<Path> files = Files.list(Path.of("."))) {
			return files.filter((file) -> file.getFileName().toString().startsWith("hs_err_pid"))
				.collect(Collectors.toSet());
		}
	}

	private void assertContractViolation(Result result, String message) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
		assertThat(result.err().lines()).as(result.toString()).singleElement().asString().startsWith(message);
		assertThat(this.jdbc.queryForList("SELECT DISTINCT run_id FROM customer_scores", Long.class))
			.containsExactly(1L);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer_scores", Long.class)).isEqualTo(1000);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM scoring_run", Long.class)).isEqualTo(1);
	}

	private Result scoreWith(Path model) {
		List<String> args = new ArrayList<>(List.of(this.input.score("--scoring-date", "2026-11-22")));
		args.set(args.indexOf("--model") + 1, model.toString());
		return Nightscore.run(args.toArray(String[]::new));
	}

	/**
	 * A model over the churn features, saved in the legacy binary format that XGBoost 3.0
	 * still writes and loads: feature names are not part of it.
	 */
	private static Path legacyBinaryModel(Path file) throws Exception {
		int features = ChurnDataGenerator.FEATURE_NAMES.size();
		float[] data = new float[200 * features];
		float[] labels = new float[200];
		Random random = new Random(43);
		for (int i = 0; i < data.length; i++) {
			data[i] = random.nextFloat();
		}
		for (int i = 0; i < labels.length; i++) {
			labels[i] = random.nextInt(2);
		}
		DMatrix train = new DMatrix(data, labels.length, features, Float.NaN);
		try {
			train.setLabel(labels);
			Booster booster = XGBoost.train(train, Map.of("objective", "binary:logistic", "nthread", 1), 5, Map.of(),
					null, null);
			try {
				booster.setFeatureNames(ChurnDataGenerator.FEATURE_NAMES.toArray(String[]::new));
				try (OutputStream out = Files.newOutputStream(file)) {
					booster.saveModel(out, "deprecated");
				}
			}
			finally {
				booster.dispose();
			}
		}
		finally {
			train.dispose();
		}
		Booster reloaded = XGBoost.loadModel(file.toString());
		try {
			String[] names = reloaded.getFeatureNames();
			assertThat((names != null) ? java.util.Arrays.stream(names).filter(java.util.Objects::nonNull).toList()
					: List.of())
				.as("feature names of the legacy model")
				.isEmpty();
		}
		finally {
			reloaded.dispose();
		}
		return file;
	}

}
