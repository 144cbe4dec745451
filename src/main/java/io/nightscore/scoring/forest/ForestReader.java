package io.nightscore.scoring.forest;

import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.nightscore.ContractException;

/**
 * Reads and checks an XGBoost model (JSON or UBJ) in plain Java, before XGBoost4J ever
 * sees its bytes: XGBoost4J trusts a model's indices and crashes the JVM on a feature or
 * child index out of range, and loops forever on a cycle.
 *
 * <p>
 * What it checks: the document is well-formed and within the decoders' bounds; the
 * objective predicts a probability and the model has one output; the base score is finite
 * (and a probability, for the logistic objectives); feature names are present, non-blank
 * and unique, one per feature; the booster is {@code gbtree} or {@code dart}; tree counts
 * agree; and every tree is a tree ({@link TreeChecker}). A refusal is a
 * {@link ContractException} whose one line names the file, the tree and the node.
 *
 * <p>
 * It remembers the last model it read (softly: the garbage collector may drop it), so
 * that the same bytes read again (the command line's early model check, then the prepare
 * step's load) are decoded once. Thread-safe.
 */
public final class ForestReader {

	/** Objectives whose prediction is one churn probability per row. */
	public static final List<String> SUPPORTED_OBJECTIVES = List.of("binary:logistic", "reg:logistic");

	/** What XGBoost4J 3.0 predicts with when it cannot read a model's base_score. */
	public static final float XGBOOST4J_DEFAULT_BASE_SCORE = 0.5f;

	private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

	private static volatile SoftReference<LastRead> last = new SoftReference<>(null);

	private ForestReader() {
	}

	/**
	 * Decode and check {@code bytes}, the content of {@code file}.
	 * @throws ContractException naming the file and what is wrong with it
	 */
	public static Forest read(Path file, byte[] bytes) {
		LastRead remembered = last.get();
		if (remembered != null && Arrays.equals(remembered.bytes(), bytes)) {
			return remembered.forest();
		}
		Forest forest = decode(file, bytes);
		last = new SoftReference<>(new LastRead(bytes.clone(), forest));
		return forest;
	}

	/** A model's bytes and the forest they were read into. */
	private record LastRead(byte[] bytes, Forest forest) {
	}

	private static Forest decode(Path file, byte[] bytes) {
		ModelDocument doc = ModelDocument.decode(file, bytes);
		Map<String, Object> learner = doc.object(doc.root(), "learner", "the model");
		String objective = objective(doc, learner, file);
		Map<String, Object> params = doc.object(learner, "learner_model_param", "learner");
		int numFeature = doc.intString(params, "num_feature", "learner_model_param", 1, 1 << 24);
		int numClass = doc.intString(params, "num_class", "learner_model_param", 0, Integer.MAX_VALUE, 0);
		int numTarget = doc.intString(params, "num_target", "learner_model_param", 1, Integer.MAX_VALUE, 1);
		if (numClass > 1 || numTarget != 1) {
			throw doc.refused("it predicts " + Math.max(numClass, numTarget) + " outputs per row (num_class " + numClass
					+ ", num_target " + numTarget + "); nightscore needs one churn probability per row");
		}
		float baseScore = baseScore(doc, params, objective);
		String baseScoreText = doc.string(params, "base_score", "learner_model_param");
		List<String> names = featureNames(doc, learner, file, numFeature);
		List<String> types = strings(doc, learner, "feature_types");
		if (!types.isEmpty() && types.size() != numFeature) {
			throw doc.refused("it has " + types.size() + " feature types but " + numFeature + " features");
		}

		Map<String, Object> booster = doc.object(learner, "gradient_booster", "learner");
		String boosterName = doc.string(booster, "name", "gradient_booster");
		float[] weightDrop = null;
		Map<String, Object> model;
		if (boosterName.equals("gbtree")) {
			model = doc.object(booster, "model", "gradient_booster");
		}
		else if (boosterName.equals("dart")) {
			model = doc.object(doc.object(booster, "gbtree", "dart booster"), "model", "dart booster");
		}
		else {
			throw doc.refused("booster '" + ModelDocument.abbreviate(boosterName)
					+ "' is not supported; nightscore scores tree models (gbtree or dart)");
		}
		int numTrees = doc.intString(doc.object(model, "gbtree_model_param", "model"), "num_trees",
				"gbtree_model_param", 0, Integer.MAX_VALUE);
		List<Object> treeList = doc.list(model, "trees", "model");
		if (treeList.size() != numTrees) {
			throw doc.refused("it says it has " + numTrees + " trees but holds " + treeList.size());
		}
		int[] treeInfo = treeInfo(doc, model, numTrees);
		checkIterations(doc, model, numTrees);
		if (weightDropPresent(boosterName)) {
			weightDrop = weightDrop(doc, booster, numTrees);
		}
		List<Tree> trees = new ArrayList<>(numTrees);
		for (int t = 0; t < numTrees; t++) {
			if (!(treeList.get(t) instanceof Map<?, ?>)) {
				throw doc.refused("tree " + t + " is not an object");
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> tree = (Map<String, Object>) treeList.get(t);
			trees.add(TreeChecker.check(doc, t, tree, numFeature));
			treeList.set(t, null);
		}
		return new Forest(objective, baseScore, baseScoreText, numFeature, names, types, boosterName, numClass,
				List.copyOf(trees), treeInfo, weightDrop);
	}

	private static boolean weightDropPresent(String booster) {
		return booster.equals("dart");
	}

	private static String objective(ModelDocument doc, Map<String, Object> learner, Path file) {
		String objective = doc.string(doc.object(learner, "objective", "learner"), "name", "objective");
		if (!SUPPORTED_OBJECTIVES.contains(objective)) {
			throw new ContractException("Model " + file + " has objective '" + ModelDocument.abbreviate(objective)
					+ "'; nightscore scores churn probabilities and needs one of " + SUPPORTED_OBJECTIVES);
		}
		return objective;
	}

	/**
	 * The base score XGBoost4J 3.0 predicts with. It reads {@code base_score} only in the
	 * plain form ({@code "2.503E-1"}); the vector form that XGBoost 3.1 and later write
	 * ({@code "[2.503E-1]"}) fails its parser and leaves the default, 0.5. The value is
	 * checked in either form.
	 */
	private static float baseScore(ModelDocument doc, Map<String, Object> params, String objective) {
		String text = doc.string(params, "base_score", "learner_model_param").trim();
		boolean vector = text.startsWith("[") && text.endsWith("]");
		String number = vector ? text.substring(1, text.length() - 1).trim() : text;
		float value;
		try {
			value = Float.parseFloat(number);
		}
		catch (NumberFormatException ex) {
			throw doc.refused("base_score '" + ModelDocument.abbreviate(text) + "' is not one number");
		}
		if (!Float.isFinite(value)) {
			throw doc.refused("base_score is " + value + "; it must be a finite number");
		}
		if (objective.endsWith(":logistic") && !(value > 0 && value < 1)) {
			throw doc.refused("base_score is " + value + "; objective " + objective
					+ " needs a probability strictly between 0 and 1");
		}
		return readsBaseScore(text) ? value : XGBOOST4J_DEFAULT_BASE_SCORE;
	}

	/** Whether XGBoost4J 3.0 reads this {@code base_score} (only a plain number). */
	static boolean readsBaseScore(String text) {
		return PLAIN_NUMBER.matcher(text.trim()).matches();
	}

	private static List<String> featureNames(ModelDocument doc, Map<String, Object> learner, Path file,
			int numFeature) {
		List<String> names = strings(doc, learner, "feature_names");
		if (names.isEmpty()) {
			throw new ContractException("Model " + file
					+ " has no feature names, so its inputs cannot be matched to Parquet columns (legacy binary models"
					+ " never have them): save it as JSON or UBJ from a DMatrix or DataFrame with feature names");
		}
		if (names.size() != numFeature) {
			throw doc.refused("it names " + names.size() + " features but has num_feature " + numFeature);
		}
		Map<String, Integer> seen = new HashMap<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name.isBlank()) {
				throw doc.refused("feature " + i + " has a blank name; every feature needs a name to match a"
						+ " Parquet column");
			}
			Integer earlier = seen.putIfAbsent(name, i);
			if (earlier != null) {
				throw doc.refused("feature name '" + ModelDocument.abbreviate(name) + "' appears twice (features "
						+ earlier + " and " + i + "); feature names must be unique");
			}
		}
		return List.copyOf(names);
	}

	private static List<String> strings(ModelDocument doc, Map<String, Object> parent, String key) {
		if (!parent.containsKey(key)) {
			return List.of();
		}
		List<String> strings = new ArrayList<>();
		for (Object value : doc.list(parent, key, "learner")) {
			if (!(value instanceof String string)) {
				throw doc.refused(key + " holds " + ModelDocument.abbreviate(String.valueOf(value)) + ", not a name");
			}
			strings.add(string);
		}
		return strings;
	}

	private static int[] treeInfo(ModelDocument doc, Map<String, Object> model, int numTrees) {
		NumArray info = doc.numbers(model, "tree_info", "model", -1);
		if (info.length() != numTrees) {
			throw doc.refused("tree_info has " + info.length() + " entries for " + numTrees + " trees");
		}
		int[] groups = new int[numTrees];
		for (int t = 0; t < numTrees; t++) {
			if (info.get(t) != 0) {
				throw doc
					.refused("tree " + t + " belongs to output group " + info.get(t) + " of a model with one output");
			}
		}
		return groups;
	}

	private static void checkIterations(ModelDocument doc, Map<String, Object> model, int numTrees) {
		if (!model.containsKey("iteration_indptr")) {
			return;
		}
		NumArray indptr = doc.numbers(model, "iteration_indptr", "model", -1);
		double previous = 0;
		for (int i = 0; i < indptr.length(); i++) {
			double value = indptr.get(i);
			if ((i == 0 && value != 0) || value < previous || value > numTrees) {
				throw doc.refused("iteration_indptr entry " + i + " is " + value + "; it must rise from 0 to the "
						+ numTrees + " trees");
			}
			previous = value;
		}
		if (indptr.length() == 0 || previous != numTrees) {
			throw doc.refused("iteration_indptr does not end at the model's " + numTrees + " trees");
		}
	}

	private static float[] weightDrop(ModelDocument doc, Map<String, Object> booster, int numTrees) {
		NumArray weights = doc.numbers(booster, "weight_drop", "dart booster", -1);
		if (weights.length() != numTrees) {
			throw doc.refused("weight_drop has " + weights.length() + " weights for " + numTrees + " trees");
		}
		float[] values = new float[numTrees];
		for (int t = 0; t < numTrees; t++) {
			values[t] = (float) weights.get(t);
			if (!Float.isFinite(values[t])) {
				throw doc.refused("tree " + t + " has dart weight " + values[t] + "; weights must be finite");
			}
		}
		return values;
	}

}
