package io.nightscore.scoring.forest;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes Universal Binary JSON as XGBoost writes it ({@code save_model("m.ubj")}) into
 * maps, lists, {@link NumArray}s, strings, numbers and booleans.
 *
 * <p>
 * Bounded: nesting is limited to {@value #MAX_DEPTH} levels, and every length or count
 * field is checked against the bytes that remain before anything is allocated, so a count
 * of 2^40 in a 1 MB file fails at once instead of asking for memory. Keys in
 * {@code skipped} are read past without keeping their values. Not thread-safe; one
 * decoder per document.
 */
final class UbjDecoder {

	static final int MAX_DEPTH = 64;

	private final byte[] bytes;

	private final Set<String> skipped;

	private int position;

	private UbjDecoder(byte[] bytes, Set<String> skipped) {
		this.bytes = bytes;
		this.skipped = skipped;
	}

	/** The document's single top-level value. */
	static Object decode(byte[] bytes, Set<String> skipped) {
		UbjDecoder decoder = new UbjDecoder(bytes, skipped);
		Object value = decoder.value(decoder.marker(), 0, true);
		if (decoder.position != bytes.length) {
			throw decoder.malformed("unexpected bytes after the end of the document");
		}
		return value;
	}

	private Object value(byte marker, int depth, boolean keep) {
		switch (marker) {
			case '{':
				return object(depth + 1, keep);
			case '[':
				return array(depth + 1, keep);
			case 'S':
				return string(length(marker()), keep);
			case 'C':
				return String.valueOf((char) (u8() & 0x7f));
			case 'T':
				return Boolean.TRUE;
			case 'F':
				return Boolean.FALSE;
			case 'Z':
				return null;
			case 'H':
				String text = string(length(marker()), true);
				try {
					return Double.parseDouble(text);
				}
				catch (NumberFormatException ex) {
					throw malformed("high-precision number '" + ModelDocument.abbreviate(text) + "' is not a number");
				}
			default:
				return number(marker);
		}
	}

	private Map<String, Object> object(int depth, boolean keep) {
		checkDepth(depth);
		Map<String, Object> map = keep ? new LinkedHashMap<>() : null;
		byte type = 0;
		long count = -1;
		byte next = marker();
		if (next == '$') {
			type = marker();
			next = marker();
			if (next != '#') {
				throw malformed("a typed object without a count");
			}
		}
		if (next == '#') {
			count = length(marker());
			requireRemaining(count, 2);
			next = 0;
		}
		for (long i = 0; count < 0 || i < count; i++) {
			if (count < 0) {
				byte keyLength = (next != 0) ? next : marker();
				next = 0;
				if (keyLength == '}') {
					return map;
				}
				String key = string(length(keyLength), true);
				boolean keepValue = keep && !this.skipped.contains(key);
				Object value = value((type != 0) ? type : marker(), depth, keepValue);
				if (keepValue) {
					map.put(key, value);
				}
			}
			else {
				String key = string(length(marker()), true);
				boolean keepValue = keep && !this.skipped.contains(key);
				Object value = value((type != 0) ? type : marker(), depth, keepValue);
				if (keepValue) {
					map.put(key, value);
				}
			}
		}
		return map;
	}

	private Object array(int depth, boolean keep) {
		checkDepth(depth);
		byte type = 0;
		byte next = marker();
		if (next == '$') {
			type = marker();
			next = marker();
			if (next != '#') {
				throw malformed("a typed array without a count");
			}
		}
		if (next == '#') {
			long count = length(marker());
			if (type != 0 && isNumeric(type)) {
				return numbers(type, count, keep);
			}
			requireRemaining(count, (type != 0) ? 0 : 1);
			List<Object> list = keep ? new ArrayList<>((int) Math.min(count, 1024)) : null;
			for (long i = 0; i < count; i++) {
				Object value = value((type != 0) ? type : marker(), depth, keep);
				if (keep) {
					list.add(value);
				}
			}
			return list;
		}
		List<Object> list = keep ? new ArrayList<>() : null;
		for (byte marker = next; marker != ']'; marker = marker()) {
			Object value = value(marker, depth, keep);
			if (keep) {
				list.add(value);
			}
		}
		return list;
	}

	private NumArray numbers(byte type, long count, boolean keep) {
		int width = width(type);
		requireRemaining(count, width);
		if (!keep) {
			this.position += (int) (count * width);
			return null;
		}
		double[] values = new double[(int) count];
		for (int i = 0; i < values.length; i++) {
			values[i] = number(type);
		}
		return new NumArray(values);
	}

	private double number(byte type) {
		switch (type) {
			case 'i':
				return (byte) u8();
			case 'U':
				return u8();
			case 'I':
				return (short) ((u8() << 8) | u8());
			case 'l':
				return int32();
			case 'L':
				return int64();
			case 'd':
				return Float.intBitsToFloat(int32());
			case 'D':
				return Double.longBitsToDouble(int64());
			default:
				this.position--;
				throw malformed("unknown UBJ type marker 0x" + Integer.toHexString(type & 0xff));
		}
	}

	private static boolean isNumeric(byte type) {
		return type == 'i' || type == 'U' || type == 'I' || type == 'l' || type == 'L' || type == 'd' || type == 'D';
	}

	private static int width(byte type) {
		return switch (type) {
			case 'i', 'U' -> 1;
			case 'I' -> 2;
			case 'l', 'd' -> 4;
			default -> 8;
		};
	}

	private long length(byte type) {
		if (!isNumeric(type) || type == 'd' || type == 'D') {
			this.position--;
			throw malformed("a length must be an integer, found marker 0x" + Integer.toHexString(type & 0xff));
		}
		long length = (long) number(type);
		if (length < 0) {
			throw malformed("negative length " + length);
		}
		return length;
	}

	private String string(long length, boolean keep) {
		requireRemaining(length, 1);
		int start = this.position;
		this.position += (int) length;
		if (!keep) {
			return null;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(this.bytes, start, (int) length))
				.toString();
		}
		catch (CharacterCodingException ex) {
			this.position = start;
			throw malformed("a string that is not UTF-8");
		}
	}

	private void requireRemaining(long count, int width) {
		long remaining = this.bytes.length - this.position;
		if (count > remaining || (width > 0 && count * width > remaining)) {
			throw malformed("a length of " + count + " but only " + remaining + " bytes remain");
		}
	}

	private void checkDepth(int depth) {
		if (depth > MAX_DEPTH) {
			throw malformed("nesting deeper than " + MAX_DEPTH + " levels");
		}
	}

	private byte marker() {
		byte marker;
		do {
			marker = (byte) u8();
		}
		while (marker == 'N');
		return marker;
	}

	private int u8() {
		if (this.position >= this.bytes.length) {
			throw malformed("the document ends early");
		}
		return this.bytes[this.position++] & 0xff;
	}

	private int int32() {
		return (u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
	}

	private long int64() {
		return ((long) int32() << 32) | (int32() & 0xffffffffL);
	}

	private MalformedModelException malformed(String reason) {
		return new MalformedModelException("UBJ " + reason + " at byte " + this.position);
	}

}
