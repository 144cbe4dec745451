package io.nightscore.scoring.forest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nightscore.ContractException;
import io.nightscore.OneLine;

/**
 * A decoded XGBoost model document (JSON or UBJ) and typed access to its parts, each
 * failing with a one-line {@link ContractException} that names the file and the part.
 */
final class ModelDocument {

	/**
	 * Per-node statistics that neither prediction nor explanation reads; not kept in
	 * memory.
	 */
	private static final Set<String> SKIPPED = Set.of("loss_changes", "base_weights");

	private final Path file;

	private final Map<String, Object> root;

	private ModelDocument(Path file, Map<String, Object> root) {
		this.file = file;
		this.root = root;
	}

	static ModelDocument decode(Path file, byte[] bytes) {
		int first = 0;
		while (first < bytes.length && Character.isWhitespace(bytes[first])) {
			first++;
		}
		if (first == bytes.length || bytes[first] != '{') {
			throw notAModel(file, (bytes.length == 0) ? "the file is empty"
					: "it does not start with '{': a legacy binary model, which has no feature names, or no model at all");
		}
		boolean json = first + 1 < bytes.length
				&& (bytes[first + 1] == '"' || bytes[first + 1] == '}' || Character.isWhitespace(bytes[first + 1]));
		Object root;
		try {
			root = json ? JsonDecoder.decode(bytes, SKIPPED) : UbjDecoder.decode(bytes, SKIPPED);
		}
		catch (MalformedModelException ex) {
			throw notAModel(file, ex.getMessage());
		}
		catch (StackOverflowError | OutOfMemoryError ex) {
			throw notAModel(file, "it is too large or too deeply nested to decode");
		}
		if (!(root instanceof Map<?, ?> map)) {
			throw notAModel(file, "its top level is not an object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> object = (Map<String, Object>) map;
		return new ModelDocument(file, object);
	}

	static ContractException notAModel(Path file, String reason) {
		return new ContractException("Model file " + file + " is not an XGBoost JSON or UBJ model (" + reason
				+ "): check --model; nightscore needs a model saved as JSON or UBJ with feature names");
	}

	/** A refusal naming the file, the part of the model and the reason. */
	ContractException refused(String reason) {
		return new ContractException("Model " + this.file + " is refused: " + reason
				+ "; the file is damaged or was not written by XGBoost: save the model again from the training code");
	}

	Map<String, Object> root() {
		return this.root;
	}

	Map<String, Object> object(Map<String, Object> parent, String key, String where) {
		Object value = parent.get(key);
		if (!(value instanceof Map<?, ?>)) {
			throw refused(where + " has no object '" + key + "'");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) value;
		return map;
	}

	/** A list (an empty numeric array counts as an empty list). */
	List<Object> list(Map<String, Object> parent, String key, String where) {
		Object value = parent.get(key);
		if (value instanceof NumArray numbers && numbers.length() == 0) {
			return List.of();
		}
		if (!(value instanceof List<?>)) {
			throw refused(where + " has no list '" + key + "'");
		}
		@SuppressWarnings("unchecked")
		List<Object> list = (List<Object>) value;
		return list;
	}

	NumArray numbers(Map<String, Object> parent, String key, String where, int expectedLength) {
		Object value = parent.get(key);
		if (value instanceof List<?> list && list.stream().allMatch((element) -> element instanceof Number)) {
			// XGBoost writes some short arrays (tree_info) without a type
			value = new NumArray(list.stream().mapToDouble((element) -> ((Number) element).doubleValue()).toArray());
		}
		if (!(value instanceof NumArray numbers)) {
			throw refused(where + " has no array of numbers '" + key + "'");
		}
		if (expectedLength >= 0 && numbers.length() != expectedLength) {
			throw refused(where + " has " + numbers.length() + " " + key + " but " + expectedLength + " nodes");
		}
		return numbers;
	}

	String string(Map<String, Object> parent, String key, String where) {
		Object value = parent.get(key);
		if (!(value instanceof String string)) {
			throw refused(where + " has no text '" + key + "'");
		}
		return string;
	}

	int intString(Map<String, Object> parent, String key, String where, int min, int max) {
		String text = string(parent, key, where);
		try {
			long value = Long.parseLong(text.trim());
			if (value < min || value > max) {
				throw refused(where + " has " + key + " " + text + ", outside " + min + " to " + max);
			}
			return (int) value;
		}
		catch (NumberFormatException ex) {
			throw refused(where + " has " + key + " '" + abbreviate(text) + "', not an integer");
		}
	}

	int intString(Map<String, Object> parent, String key, String where, int min, int max, int absent) {
		return parent.containsKey(key) ? intString(parent, key, where, min, max) : absent;
	}

	/**
	 * Text from the model as a refusal quotes it: at most 60 characters, on one line
	 * ({@link OneLine}) whatever the file holds.
	 */
	static String abbreviate(String text) {
		return OneLine.escaped((text.length() > 60) ? text.substring(0, 60) + "…" : text);
	}

}
