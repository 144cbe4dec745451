package io.nightscore.scoring.forest;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import io.nightscore.ContractException;
import io.nightscore.support.CraftedModels;
import io.nightscore.support.TinyModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading models in plain Java, and refusing each kind of broken model (crafted by
 * editing a real model's JSON and written as JSON or UBJ) with one line naming the file,
 * the tree and the node, before XGBoost4J sees a byte of it.
 */
class ForestReaderTests {

	@TempDir
	Path dir;

	Path jsonModel;

	@BeforeEach
	void trainAModel() throws Exception {
		this.jsonModel = TinyModels.train(this.dir.resolve("tiny.json"), "a", "b", "c");
	}

	@Test
	void jsonAndUbjOfTheSameModelReadAlike() throws Exception {
		Path ubjModel = TinyModels.train(this.dir.resolve("tiny.ubj"), "a", "b", "c");

		Forest json = ForestReader.read(this.jsonModel, Files.readAllBytes(this.jsonModel));
		Forest ubj = ForestReader.read(ubjModel, Files.readAllBytes(ubjModel));

		assertThat(json.objective()).isEqualTo("binary:logistic");
		assertThat(json.featureNames()).containsExactly("a", "b", "c");
		assertThat(json.numFeature()).isEqualTo(3);
		assertThat(json.booster()).isEqualTo("gbtree");
		assertThat(json.trees()).hasSize(30);
		assertThat(ubj.baseScore()).isEqualTo(json.baseScore());
		assertThat(ubj.trees()).hasSameSizeAs(json.trees());
		for (int t = 0; t < json.trees().size(); t++) {
			Tree a = json.trees().get(t);
			Tree b = ubj.trees().get(t);
			assertThat(b.left()).containsExactly(a.left());
			assertThat(b.right()).containsExactly(a.right());
			assertThat(b.splitIndices()).containsExactly(a.splitIndices());
			assertThat(b.splitConditions()).containsExactly(a.splitConditions());
			assertThat(b.defaultLeft()).containsExactly(a.defaultLeft());
			assertThat(b.depth()).isEqualTo(a.depth()).isBetween(1, 4);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 999, -5, 1_000_000 })
	void featureIndexOutOfRangeIsRefusedNamingTreeAndNode(int index) throws Exception {
		for (String format : new String[] { "json", "ubj" }) {
			int[] node = new int[1];
			Path model = craft("feature-" + index + "." + format, (json) -> {
				ObjectNode tree = CraftedModels.tree(json, 2);
				node[0] = CraftedModels.splitAboveLeaves(tree);
				((ArrayNode) tree.get("split_indices")).set(node[0], index);
			});

			assertRefused(model, "tree 2 node " + node[0] + " splits on feature index " + index
					+ ", but the model has 3 features (0 to 2)");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void childIndexOutOfRangeIsRefused(String format) throws Exception {
		int[] size = new int[1];
		Path model = craft("child." + format, (json) -> {
			ObjectNode tree = CraftedModels.tree(json, 5);
			size[0] = tree.get("left_children").size();
			((ArrayNode) tree.get("right_children")).set(0, 4242);
		});

		assertRefused(model, "tree 5 node 0 has right child 4242, outside the tree's " + size[0] + " nodes (0 to "
				+ (size[0] - 1) + ")");
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void cycleInATreeIsRefused(String format) throws Exception {
		int[] node = new int[1];
		Path model = craft("cycle." + format, (json) -> {
			ObjectNode tree = CraftedModels.tree(json, 1);
			node[0] = CraftedModels.splitAboveLeaves(tree);
			((ArrayNode) tree.get("left_children")).set(node[0], 0);
		});

		assertRefused(model, "tree 1 node " + node[0] + " leads to node 0, which is already reached from the root"
				+ " (a cycle or a shared node); every tree must be a tree");
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void repeatedTreeIdIsRefused(String format) throws Exception {
		Path model = craft("ids." + format, (json) -> CraftedModels.tree(json, 4).put("id", 3));

		assertRefused(model, "tree 4 has id 3; trees must be numbered 0, 1, 2, ... in order");
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void textFromTheModelIsQuotedOnOneLine(String format) throws Exception {
		Path id = craft("id-text." + format, (json) -> CraftedModels.tree(json, 4).put("id", "4\nERROR forged\tline"));
		Path objective = craft("objective-text." + format,
				(json) -> ((ObjectNode) CraftedModels.learner(json).get("objective")).put("name",
						"binary:logistic\r\nERROR forged line"));

		assertRefused(id, "tree 4 has id 4\\nERROR forged\\tline; trees must be numbered 0, 1, 2, ... in order");
		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> read(objective))
			.withMessageStartingWith("Model " + objective + " has objective 'binary:logistic\\r\\nERROR forged line';");
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void categoricalSplitWhoseCategoriesXGBoostWouldReadOutOfBoundsIsRefused(String format) throws Exception {
		// XGBoost4J reads categories[segment .. segment + size) unchecked: this one
		// crashed the JVM with SIGSEGV
		Path segment = categorical("segment." + format, 1_000_000_000L, 1, 1);
		Path size = categorical("size." + format, 0, 5, 1);
		Path negative = categorical("negative." + format, 0, 1, -5);
		Path huge = categorical("huge." + format, 0, 1, Integer.MAX_VALUE);
		Path empty = categorical("empty." + format, 0, 0, 1);
		Path unlisted = craft("unlisted." + format,
				(json) -> ((ArrayNode) CraftedModels.tree(json, 0).get("split_type")).set(0, 1));

		assertRefused(segment,
				"tree 0 node 0 has categories 1000000000 to 1000000000, outside the tree's 1 categories");
		assertRefused(size, "tree 0 node 0 has categories 0 to 4, outside the tree's 1 categories");
		assertRefused(empty, "tree 0 node 0 is a categorical split with 0.0 categories; it needs at least one");
		assertRefused(negative, "tree 0 node 0 has category -5; categories are 0 to 16777215");
		assertRefused(huge, "tree 0 node 0 has category 2147483647; categories are 0 to 16777215");
		assertRefused(unlisted, "tree 0 categories_nodes lists nodes [] but nodes [0] have split type 1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void nonFiniteLeafValuesAreRefused(String format) throws Exception {
		for (float value : new float[] { Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY }) {
			int[] leaf = new int[1];
			Path model = craft("leaf-" + value + "." + format, (json) -> {
				ObjectNode tree = CraftedModels.tree(json, 3);
				leaf[0] = CraftedModels.firstLeaf(tree);
				((ArrayNode) tree.get("split_conditions")).set(leaf[0], CraftedModels.nonFinite(value));
			});

			assertRefused(model,
					"tree 3 node " + leaf[0] + " has leaf value " + value + "; leaf values must be finite");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void nonFiniteThresholdIsRefused(String format) throws Exception {
		Path model = craft("threshold." + format,
				(json) -> ((ArrayNode) CraftedModels.tree(json, 0).get("split_conditions")).set(0,
						CraftedModels.nonFinite(Float.NaN)));

		assertRefused(model, "tree 0 node 0 has split threshold NaN; thresholds must be finite");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[NaN]", "Infinity", "-Infinity", "[1.5E0]", "0" })
	void baseScoreThatIsNoProbabilityIsRefused(String baseScore) throws Exception {
		Path model = craft("base.json", (json) -> ((ObjectNode) CraftedModels.learner(json).get("learner_model_param"))
			.put("base_score", baseScore));

		float value = Float.parseFloat(baseScore.replace("[", "").replace("]", ""));
		assertRefused(model,
				Float.isFinite(value)
						? "base_score is " + value
								+ "; objective binary:logistic needs a probability strictly between 0 and 1"
						: "base_score is " + value + "; it must be a finite number");
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void duplicateFeatureNamesAreBlamedOnTheModel(String format) throws Exception {
		Path model = craft("names." + format,
				(json) -> ((ArrayNode) CraftedModels.learner(json).get("feature_names")).set(2, "a"));

		assertRefused(model, "feature name 'a' appears twice (features 0 and 2); feature names must be unique");
	}

	@Test
	void objectiveThatIsNoProbabilityIsRefused() throws Exception {
		Path model = craft("objective.ubj",
				(json) -> ((ObjectNode) CraftedModels.learner(json).get("objective")).put("name", "reg:squarederror"));

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> read(model))
			.withMessage("Model " + model + " has objective 'reg:squarederror'; nightscore scores churn probabilities"
					+ " and needs one of [binary:logistic, reg:logistic]");
	}

	@Test
	void textFileIsNoModelInPlainWords() throws Exception {
		Path text = Files.writeString(this.dir.resolve("model.json"), "this is not a model\n");

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> read(text))
			.withMessage("Model file " + text + " is not an XGBoost JSON or UBJ model (it does not start with '{': a"
					+ " legacy binary model, which has no feature names, or no model at all): check --model;"
					+ " nightscore needs a model saved as JSON or UBJ with feature names");
	}

	@Test
	void truncatedJsonSaysWhere() throws Exception {
		byte[] bytes = Files.readAllBytes(this.jsonModel);
		Path truncated = Files.write(this.dir.resolve("truncated.json"), java.util.Arrays.copyOf(bytes, 500));

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> read(truncated))
			.withMessageStartingWith(
					"Model file " + truncated + " is not an XGBoost JSON or UBJ model (JSON is" + " malformed: ")
			.withMessageNotContaining("\n");
	}

	@Test
	void ubjLengthOfTwoToTheFortyIsRefusedWithoutAllocatingIt() throws Exception {
		ByteBuffer ubj = ByteBuffer.allocate(64);
		ubj.put((byte) '{').put((byte) 'L').putLong(7).put("learner".getBytes());
		ubj.put((byte) '[').put((byte) '$').put((byte) 'd').put((byte) '#').put((byte) 'L').putLong(1L << 40);
		Path model = Files.write(this.dir.resolve("huge.ubj"), java.util.Arrays.copyOf(ubj.array(), ubj.position()));

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> read(model))
			.withMessage("Model file " + model + " is not an XGBoost JSON or UBJ model (UBJ a length of 1099511627776"
					+ " but only 0 bytes remain at byte 30): check --model; nightscore needs a model saved as JSON or UBJ"
					+ " with feature names");
	}

	@Test
	void ubjNestedTooDeeplyIsRefused() throws Exception {
		byte[] bytes = new byte[10_000];
		java.util.Arrays.fill(bytes, (byte) '[');
		Path model = Files.write(this.dir.resolve("deep.ubj"), bytes);
		bytes[0] = '{';
		bytes[1] = 'i';
		bytes[2] = 1;
		bytes[3] = 'x';
		Files.write(model, bytes);

		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> read(model))
			.withMessageContaining("(UBJ nesting deeper than 64 levels at byte ");
	}

	/** Node 0 of tree 0 made a categorical split on the given categories. */
	private Path categorical(String name, long segment, long size, int category) throws Exception {
		return craft(name, (json) -> {
			ObjectNode tree = CraftedModels.tree(json, 0);
			((ArrayNode) tree.get("split_type")).set(0, 1);
			((ArrayNode) tree.get("categories_nodes")).add(0);
			((ArrayNode) tree.get("categories_segments")).add(segment);
			((ArrayNode) tree.get("categories_sizes")).add(size);
			((ArrayNode) tree.get("categories")).add(category);
		});
	}

	private Path craft(String name, Consumer<ObjectNode> edit) throws Exception {
		ObjectNode json = CraftedModels.read(this.jsonModel);
		edit.accept(json);
		return CraftedModels.write(json, this.dir.resolve(name));
	}

	private static Forest read(Path model) throws Exception {
		return ForestReader.read(model, Files.readAllBytes(model));
	}

	private static void assertRefused(Path model, String reason) {
		assertThatExceptionOfType(ContractException.class).isThrownBy(() -> read(model))
			.withMessage("Model " + model + " is refused: " + reason
					+ "; the file is damaged or was not written by XGBoost: save the model again from the training code");
	}

}
