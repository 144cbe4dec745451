package io.nightscore.serve;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a scoring request's JSON body, one customer ({@code {"customer_id": "...",
 * "features": {"name": value, ...}}}) or an array of them, into a {@link ScoreRequest},
 * holding it to the same contract as the batch job's Parquet input: every model feature
 * present, no other, each a number, a boolean (1 or 0) or null (XGBoost's missing value),
 * finite, converted to a float as the batch converts the same value from Parquet (an
 * integer to the nearest float, a fraction to the nearest double and that to the nearest
 * float); a customer id that is a non-blank string or an integer.
 *
 * <p>
 * It streams the body token by token and stops at the first fault, so a deeply nested,
 * truncated or oversized body costs no more than the tokens before the fault.
 * Thread-safe.
 */
final class ScoreRequestParser {

	private static final int MAX_NESTING = 8;

	private final JsonFactory json = JsonFactory.builder()
		.streamReadConstraints(
				StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxStringLength(64 * 1024).build())
		.build();

	private final List<String> featureNames;

	private final Map<String, Integer> featureIndex = new HashMap<>();

	private final int maxCustomers;

	private final int maxIdLength;

	/**
	 * A parser for a model's features, of at most {@code maxCustomers} customers with ids
	 * of at most {@code maxIdLength} characters (the batch job's
	 * {@code --max-id-length}).
	 */
	ScoreRequestParser(List<String> featureNames, int maxCustomers, int maxIdLength) {
		this.featureNames = List.copyOf(featureNames);
		for (int i = 0; i < featureNames.size(); i++) {
			this.featureIndex.put(featureNames.get(i), i);
		}
		this.maxCustomers = maxCustomers;
		this.maxIdLength = maxIdLength;
	}

	/**
	 * Parse a body.
	 * @throws BadRequestException naming the field at fault and why
	 */
	ScoreRequest parse(byte[] body) {
		try (JsonParser parser = this.json.createParser(ObjectReadContext.empty(), body)) {
			JsonToken first = parser.nextToken();
			ScoreRequest request;
			if (first == JsonToken.START_OBJECT) {
				float[] row = new float[this.featureNames.size()];
				String id = readCustomer(parser, "", row, 0);
				request = new ScoreRequest(false, new String[] { id }, row);
			}
			else if (first == JsonToken.START_ARRAY) {
				request = readBatch(parser);
			}
			else {
				throw BadRequestException.badField(null,
						"the body must be one customer as a JSON object, or a JSON array of them");
			}
			if (parser.nextToken() != null) {
				throw BadRequestException.badField(null,
						"unexpected content after the JSON value" + at(parser.currentLocation()));
			}
			return request;
		}
		catch (JacksonException ex) {
			String reason = ex.getOriginalMessage();
			if (reason != null && reason.startsWith("Non-standard token")) {
				reason = reason.replaceFirst(":.*", "") + ": NaN and Infinity are not JSON numbers (send null for a"
						+ " missing value)";
			}
			throw BadRequestException.badField(null, "malformed JSON" + at(ex.getLocation()) + ": " + reason);
		}
	}

	private ScoreRequest readBatch(JsonParser parser) {
		int features = this.featureNames.size();
		String[] ids = new String[16];
		float[] matrix = new float[16 * features];
		int rows = 0;
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			String path = "[" + rows + "]";
			if (token != JsonToken.START_OBJECT) {
				throw BadRequestException.badField(path, "each customer must be a JSON object");
			}
			if (rows == this.maxCustomers) {
				throw new BadRequestException(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE, null,
						"a batch holds at most " + this.maxCustomers + " customers (--max-batch)");
			}
			if (rows == ids.length) {
				ids = Arrays.copyOf(ids, rows * 2);
				matrix = Arrays.copyOf(matrix, rows * 2 * features);
			}
			ids[rows] = readCustomer(parser, path + ".", matrix, rows * features);
			rows++;
		}
		if (rows == 0) {
			throw BadRequestException.badField(null, "the batch is empty");
		}
		return new ScoreRequest(true, Arrays.copyOf(ids, rows), Arrays.copyOf(matrix, rows * features));
	}

	/** Reads one customer object, the parser on its START_OBJECT; returns its id. */
	private String readCustomer(JsonParser parser, String path, float[] matrix, int offset) {
		String id = null;
		boolean sawFeatures = false;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken value = parser.nextToken();
			switch (name) {
				case "customer_id" -> {
					if (id != null) {
						throw BadRequestException.badField(path + "customer_id", "customer_id is given twice");
					}
					id = customerId(parser, value, path + "customer_id");
				}
				case "features" -> {
					if (sawFeatures) {
						throw BadRequestException.badField(path + "features", "features are given twice");
					}
					if (value != JsonToken.START_OBJECT) {
						throw BadRequestException.badField(path + "features",
								"features must be a JSON object of feature name to value");
					}
					readFeatures(parser, path + "features.", matrix, offset);
					sawFeatures = true;
				}
				default -> throw BadRequestException.badField(path + name,
						"unknown field '" + name + "': a customer has customer_id and features");
			}
		}
		if (id == null) {
			throw BadRequestException.badField(path + "customer_id", "customer_id is missing");
		}
		if (!sawFeatures) {
			throw BadRequestException.badField(path + "features", "features are missing");
		}
		return id;
	}

	private void readFeatures(JsonParser parser, String path, float[] matrix, int offset) {
		boolean[] seen = new boolean[this.featureNames.size()];
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			Integer index = this.featureIndex.get(name);
			if (index == null) {
				throw BadRequestException.badField(path + name,
						"unknown feature '" + name + "': the model's features are " + this.featureNames);
			}
			if (seen[index]) {
				throw BadRequestException.badField(path + name, "feature '" + name + "' is given twice");
			}
			seen[index] = true;
			matrix[offset + index] = value(parser, parser.nextToken(), path + name);
		}
		for (int i = 0; i < seen.length; i++) {
			if (!seen[i]) {
				throw BadRequestException.badField(path + this.featureNames.get(i),
						"feature '" + this.featureNames.get(i) + "' is missing (send null for a missing value)");
			}
		}
	}

	private static float value(JsonParser parser, JsonToken token, String path) {
		return switch (token) {
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
				// as the batch reads Parquet: an integer straight to the nearest
				// float (as from an INT64 column), a fraction through a double (as
				// from a DOUBLE column, which is what a JSON writer printed); either
				// way a float's text reads back exactly
				float value = (token == JsonToken.VALUE_NUMBER_INT) ? Float.parseFloat(parser.getString())
						: (float) Double.parseDouble(parser.getString());
				if (!Float.isFinite(value)) {
					throw BadRequestException.badField(path,
							parser.getString() + " is not a finite number as a float (send null for a missing value)");
				}
				yield value;
			}
			case VALUE_TRUE -> 1f;
			case VALUE_FALSE -> 0f;
			case VALUE_NULL -> Float.NaN;
			default -> throw BadRequestException.badField(path,
					"must be a number, true, false or null, not " + describe(token));
		};
	}

	private String customerId(JsonParser parser, JsonToken token, String path) {
		String id = switch (token) {
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> parser.getString();
			case VALUE_NULL -> throw BadRequestException.badField(path, "customer_id is null");
			default -> throw BadRequestException.badField(path,
					"customer_id must be a string or an integer, not " + describe(token));
		};
		if (id.isBlank()) {
			throw BadRequestException.badField(path, "customer_id is blank");
		}
		// characters are counted as the batch counts them in UTF-8: code points
		int characters = id.codePointCount(0, id.length());
		if (characters > this.maxIdLength) {
			throw BadRequestException.badField(path,
					"customer_id has " + characters + " characters, more than " + this.maxIdLength);
		}
		if (id.chars().anyMatch(Character::isISOControl)) {
			throw BadRequestException.badField(path, "customer_id holds a control character");
		}
		for (int i = 0, c; i < id.length(); i += Character.charCount(c)) {
			c = id.codePointAt(i);
			if (Character.getType(c) == Character.SURROGATE) {
				throw BadRequestException.badField(path,
						"customer_id holds an unpaired surrogate (\\u%04X) at character %d: not valid Unicode"
							.formatted((int) id.charAt(i), id.codePointCount(0, i) + 1));
			}
		}
		return id;
	}

	private static String describe(JsonToken token) {
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			default -> token.asString() != null ? token.asString() : token.name();
		};
	}

	private static String at(TokenStreamLocation location) {
		return (location != null && location.getLineNr() > 0)
				? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
	}

}
