package io.nightscore.scoring.compiled;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property test: random forests (random depths and shapes, default directions, leaf
 * values, thresholds from a small pool that includes 0, -0, ±very large values and
 * ±Float.MAX_VALUE) scored on random rows (values equal to thresholds and one float
 * either side, NaN, ±large) by the compiled forest and by XGBoost4J give the same
 * probabilities. Infinite thresholds are not tried: the model check refuses them before
 * either engine sees them.
 */
class RandomForestEquivalenceTests {

	static final int FEATURES = 6;

	static final float[] POOL = { 0f, -0f, 1f, -1f, 0.5f, 2.5f, 1e-30f, -7.25f, 1e6f, 3e38f, -3e38f, Float.MAX_VALUE,
			-Float.MAX_VALUE, Float.MIN_VALUE };

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })
	void compiledForestAndXgboost4jAgreeOnRandomForests(long seed) throws Exception {
		Random random = new Random(seed);
		byte[] model = randomModel(random, 1 + random.nextInt(60), random.nextInt(9));
		assertScoresAsXgboost4j(model, random, 3001, "seed " + seed);
	}

	/**
	 * Rows go through the forest eight at a time, and blocks of 256 rows through each run
	 * of trees; a last group of fewer rows (here every remainder, and fewer rows than one
	 * group) and a last block of fewer rows must score as XGBoost4J does too.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 255, 256, 257, 513 })
	void everyRowCountScoresAsXgboost4j(int rows) throws Exception {
		Random random = new Random(100 + rows);
		byte[] model = randomModel(random, 40, 6);
		assertScoresAsXgboost4j(model, random, rows, rows + " rows");
	}

	/**
	 * Score {@code rows} random rows with the compiled forest and with XGBoost4J, and
	 * assert every score the same within 1e-6.
	 */
	private static void assertScoresAsXgboost4j(byte[] model, Random random, int rows, String what) throws Exception {
		Forest forest = ForestReader.read(Path.of("random.json"), model);
		CompiledForest compiled = CompiledForest.compile(forest);
		float[] features = new float[rows * FEATURES];
		for (int i = 0; i < features.length; i++) {
			features[i] = value(random);
		}
		Booster booster = XGBoost.loadModel(model);
		try {
			float[][] expected = booster.inplace_predict(features, rows, FEATURES, Float.NaN);
			float[] actual = compiled.score(features, rows);
			assertThat(actual).hasSize(rows);
			for (int r = 0; r < rows; r++) {
				assertThat((double) actual[r]).as("%s, row %d", what, r)
					.isCloseTo(expected[r][0], org.assertj.core.api.Assertions.within(1e-6));
			}
		}
		finally {
			booster.dispose();
		}
	}

	static float value(Random random) {
		int pick = random.nextInt(10);
		if (pick == 0) {
			return Float.NaN;
		}
		float base = (pick < 4) ? POOL[random.nextInt(POOL.length)] : (float) (random.nextGaussian() * 5);
		return switch (random.nextInt(3)) {
			case 0 -> Float.isFinite(Math.nextDown(base)) ? Math.nextDown(base) : base;
			case 1 -> base;
			default -> Float.isFinite(Math.nextUp(base)) ? Math.nextUp(base) : base;
		};
	}

	/**
	 * An XGBoost 3.0 JSON model of {@code trees} random trees of at most {@code maxDepth}
	 * levels.
	 */
	static byte[] randomModel(Random random, int trees, int maxDepth) {
		JsonMapper mapper = JsonMapper.shared();
		ObjectNode root = mapper.createObjectNode();
		ObjectNode learner = root.putObject("learner");
		learner.putObject("attributes");
		ArrayNode names = learner.putArray("feature_names");
		for (int f = 0; f < FEATURES; f++) {
			names.add("f" + f);
		}
		learner.putArray("feature_types");
		ObjectNode booster = learner.putObject("gradient_booster");
		booster.put("name", "gbtree");
		ObjectNode model = booster.putObject("model");
		ObjectNode params = model.putObject("gbtree_model_param");
		params.put("num_parallel_tree", "1");
		params.put("num_trees", String.valueOf(trees));
		ArrayNode info = model.putArray("tree_info");
		ArrayNode list = model.putArray("trees");
		for (int t = 0; t < trees; t++) {
			info.add(0);
			list.add(randomTree(mapper, random, t, maxDepth));
		}
		ObjectNode modelParam = learner.putObject("learner_model_param");
		modelParam.put("base_score", Float.toString(0.05f + 0.9f * random.nextFloat()));
		modelParam.put("boost_from_average", "1");
		modelParam.put("num_class", "0");
		modelParam.put("num_feature", String.valueOf(FEATURES));
		modelParam.put("num_target", "1");
		ObjectNode objective = learner.putObject("objective");
		objective.put("name", "binary:logistic");
		objective.putObject("reg_loss_param").put("scale_pos_weight", "1");
		root.putArray("version").add(3).add(0).add(4);
		return root.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static ObjectNode randomTree(JsonMapper mapper, Random random, int id, int maxDepth) {
		List<int[]> nodes = new ArrayList<>(); // {left, right, parent, depth}
		nodes.add(new int[] { -1, -1, Integer.MAX_VALUE, 0 });
		for (int i = 0; i < nodes.size(); i++) {
			int[] node = nodes.get(i);
			if (node[3] < maxDepth && random.nextInt(4) != 0) {
				node[0] = nodes.size();
				nodes.add(new int[] { -1, -1, i, node[3] + 1 });
				node[1] = nodes.size();
				nodes.add(new int[] { -1, -1, i, node[3] + 1 });
			}
		}
		ObjectNode tree = mapper.createObjectNode();
		ArrayNode left = tree.putArray("left_children");
		ArrayNode right = tree.putArray("right_children");
		ArrayNode parents = tree.putArray("parents");
		ArrayNode indices = tree.putArray("split_indices");
		ArrayNode conditions = tree.putArray("split_conditions");
		ArrayNode defaults = tree.putArray("default_left");
		ArrayNode types = tree.putArray("split_type");
		ArrayNode weights = tree.putArray("base_weights");
		ArrayNode losses = tree.putArray("loss_changes");
		ArrayNode hessians = tree.putArray("sum_hessian");
		// covers as training leaves them: a leaf's is the hessian of the rows it holds, a
		// split's the sum of its children's (0 on some left leaves, as min_child_weight 0
		// allows)
		float[] covers = new float[nodes.size()];
		for (int i = nodes.size() - 1; i >= 0; i--) {
			int[] node = nodes.get(i);
			boolean leftChild = i > 0 && nodes.get(node[2])[0] == i;
			covers[i] = (node[0] != -1) ? covers[node[0]] + covers[node[1]]
					: (leftChild && random.nextInt(10) == 0) ? 0f : 0.25f + random.nextFloat() * 50f;
		}
		for (int n = 0; n < nodes.size(); n++) {
			int[] node = nodes.get(n);
			left.add(node[0]);
			right.add(node[1]);
			parents.add(node[2]);
			boolean leaf = node[0] == -1;
			indices.add(leaf ? 0 : random.nextInt(FEATURES));
			float condition = leaf ? (float) (random.nextGaussian() * 0.3) : (random.nextInt(3) == 0)
					? POOL[random.nextInt(POOL.length)] : (float) (random.nextGaussian() * 5);
			conditions.add(condition);
			defaults.add(random.nextBoolean() ? 1 : 0);
			types.add(0);
			weights.add(0.0f);
			losses.add(0.0f);
			hessians.add(covers[n]);
		}
		tree.putArray("categories");
		tree.putArray("categories_nodes");
		tree.putArray("categories_segments");
		tree.putArray("categories_sizes");
		tree.put("id", id);
		ObjectNode param = tree.putObject("tree_param");
		param.put("num_deleted", "0");
		param.put("num_feature", String.valueOf(FEATURES));
		param.put("num_nodes", String.valueOf(nodes.size()));
		param.put("size_leaf_vector", "1");
		return tree;
	}

}
