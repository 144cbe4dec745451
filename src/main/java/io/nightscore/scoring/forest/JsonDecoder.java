package io.nightscore.scoring.forest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Decodes an XGBoost JSON model into the same maps, lists and {@link NumArray}s as
 * {@link UbjDecoder}, streaming: an array of numbers is collected straight into a
 * {@code double[]}, and keys in {@code skipped} are read past without keeping their
 * values.
 *
 * <p>
 * Numbers are read as XGBoost reads them: a number with a fraction or exponent as a
 * float32, an integer as an integer. {@code NaN} and {@code Infinity} are accepted so
 * that the validator can name the node that holds them. Nesting is limited to
 * {@value UbjDecoder#MAX_DEPTH} levels. Thread-safe (stateless).
 */
final class JsonDecoder {

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxNestingDepth(UbjDecoder.MAX_DEPTH)
			.maxStringLength(1 << 20)
			.maxNameLength(1 << 16)
			.build())
		.build();

	private JsonDecoder() {
	}

	static Object decode(byte[] bytes, Set<String> skipped) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				throw new MalformedModelException("JSON document is empty");
			}
			Object value = value(parser, token, skipped);
			if (parser.nextToken() != null) {
				throw new MalformedModelException(
						"JSON has content after the end of the document at byte " + offset(parser));
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new MalformedModelException(
					"JSON is malformed: " + io.nightscore.Failures.firstLine(ex.getOriginalMessage()) + " at byte "
							+ ((ex.getLocation() != null) ? ex.getLocation().getByteOffset() : -1));
		}
	}

	private static Object value(JsonParser parser, JsonToken token, Set<String> skipped) {
		switch (token) {
			case START_OBJECT:
				Map<String, Object> map = new LinkedHashMap<>();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
					String key = parser.currentName();
					JsonToken valueToken = parser.nextToken();
					if (skipped.contains(key)) {
						parser.skipChildren();
					}
					else {
						map.put(key, value(parser, valueToken, skipped));
					}
				}
				return map;
			case START_ARRAY:
				return array(parser, skipped);
			case VALUE_STRING:
				return parser.getString();
			case VALUE_NUMBER_INT:
			case VALUE_NUMBER_FLOAT:
				return number(parser, token);
			case VALUE_TRUE:
				return Boolean.TRUE;
			case VALUE_FALSE:
				return Boolean.FALSE;
			default:
				return null;
		}
	}

	/** An array of numbers (and booleans) as a NumArray, anything else as a list. */
	private static Object array(JsonParser parser, Set<String> skipped) {
		double[] numbers = new double[16];
		int count = 0;
		JsonToken token = parser.nextToken();
		while (token != JsonToken.END_ARRAY) {
			double number;
			if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
				number = number(parser, token);
			}
			else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
				number = (token == JsonToken.VALUE_TRUE) ? 1 : 0;
			}
			else {
				List<Object> list = new ArrayList<>(count + 1);
				for (int i = 0; i < count; i++) {
					list.add(numbers[i]);
				}
				for (; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
					list.add(value(parser, token, skipped));
				}
				return list;
			}
			if (count == numbers.length) {
				numbers = Arrays.copyOf(numbers, count * 2);
			}
			numbers[count++] = number;
			token = parser.nextToken();
		}
		return new NumArray(Arrays.copyOf(numbers, count));
	}

	private static double number(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NUMBER_INT) {
			return parser.getDoubleValue();
		}
		return Float.parseFloat(parser.getText());
	}

	private static long offset(JsonParser parser) {
		return parser.currentLocation().getByteOffset();
	}

}
