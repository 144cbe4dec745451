package io.nightscore.support;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Crafts broken models for tests by editing a real model's JSON tree, and writes them as
 * JSON or as UBJ the way XGBoost does (typed arrays of numbers, int64 lengths), so that
 * no crafted byte ever passes through XGBoost itself.
 */
public final class CraftedModels {

	private CraftedModels() {
	}

	/** The model's JSON tree, to edit. */
	public static ObjectNode read(Path model) throws IOException {
		return (ObjectNode) JsonMapper.shared().readTree(Files.readAllBytes(model));
	}

	public static ObjectNode learner(ObjectNode model) {
		return (ObjectNode) model.get("learner");
	}

	public static ObjectNode tree(ObjectNode model, int index) {
		return (ObjectNode) learner(model).get("gradient_booster").get("model").get("trees").get(index);
	}

	/** The index of the first split node of a tree whose children are both leaves. */
	public static int splitAboveLeaves(ObjectNode tree) {
		ArrayNode left = (ArrayNode) tree.get("left_children");
		ArrayNode right = (ArrayNode) tree.get("right_children");
		for (int node = 0; node < left.size(); node++) {
			int l = left.get(node).asInt();
			if (l != -1 && left.get(l).asInt() == -1 && left.get(right.get(node).asInt()).asInt() == -1) {
				return node;
			}
		}
		throw new IllegalArgumentException("no split above two leaves");
	}

	/** The index of the first leaf of a tree. */
	public static int firstLeaf(ObjectNode tree) {
		ArrayNode left = (ArrayNode) tree.get("left_children");
		for (int node = 0; node < left.size(); node++) {
			if (left.get(node).asInt() == -1) {
				return node;
			}
		}
		throw new IllegalArgumentException("no leaf");
	}

	/** Write the model as JSON ({@code .json}) or UBJ (any other extension). */
	public static Path write(ObjectNode model, Path file) throws IOException {
		if (file.toString().endsWith(".json")) {
			Files.writeString(file,
					model.toString()
						.replace("\"__NaN__\"", "NaN")
						.replace("\"__Infinity__\"", "Infinity")
						.replace("\"__-Infinity__\"", "-Infinity"));
		}
		else {
			Files.write(file, ubj(model));
		}
		return file;
	}

	/**
	 * A placeholder for a non-finite float that {@link #write} turns into {@code NaN} /
	 * {@code Infinity} in JSON, or a float32 in UBJ.
	 */
	public static String nonFinite(float value) {
		return Float.isNaN(value) ? "__NaN__" : (value > 0) ? "__Infinity__" : "__-Infinity__";
	}

	public static byte[] ubj(JsonNode node) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		write(node, new DataOutputStream(bytes));
		return bytes.toByteArray();
	}

	private static void write(JsonNode node, DataOutputStream out) throws IOException {
		if (node.isObject()) {
			out.writeByte('{');
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
				out.writeByte('L');
				out.writeLong(key.length);
				out.write(key);
				write(entry.getValue(), out);
			}
			out.writeByte('}');
		}
		else if (node.isArray() && node.size() > 0 && allNumbers(node)) {
			boolean floats = false;
			for (JsonNode element : node) {
				floats |= !element.isIntegralNumber();
			}
			out.writeByte('[');
			out.writeByte('$');
			out.writeByte(floats ? 'd' : 'L');
			out.writeByte('#');
			out.writeByte('L');
			out.writeLong(node.size());
			for (JsonNode element : node) {
				if (floats) {
					out.writeFloat(floatOf(element));
				}
				else {
					out.writeLong(element.asLong());
				}
			}
		}
		else if (node.isArray()) {
			out.writeByte('[');
			out.writeByte('#');
			out.writeByte('L');
			out.writeLong(node.size());
			for (JsonNode element : node) {
				write(element, out);
			}
		}
		else if (node.isString()) {
			byte[] text = node.asString().getBytes(StandardCharsets.UTF_8);
			out.writeByte('S');
			out.writeByte('L');
			out.writeLong(text.length);
			out.write(text);
		}
		else if (node.isIntegralNumber()) {
			out.writeByte('L');
			out.writeLong(node.asLong());
		}
		else if (node.isNumber()) {
			out.writeByte('d');
			out.writeFloat(node.floatValue());
		}
		else if (node.isBoolean()) {
			out.writeByte(node.asBoolean() ? 'T' : 'F');
		}
		else {
			out.writeByte('Z');
		}
	}

	private static boolean allNumbers(JsonNode array) {
		for (JsonNode element : array) {
			if (!element.isNumber() && !(element.isString() && element.asString().startsWith("__"))) {
				return false;
			}
		}
		return true;
	}

	private static float floatOf(JsonNode element) {
		if (element.isString()) {
			return switch (element.asString()) {
				case "__NaN__" -> Float.NaN;
				case "__Infinity__" -> Float.POSITIVE_INFINITY;
				default -> Float.NEGATIVE_INFINITY;
			};
		}
		return element.floatValue();
	}

}
