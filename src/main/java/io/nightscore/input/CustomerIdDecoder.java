package io.nightscore.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

import org.apache.parquet.io.api.Binary;

/**
 * Decodes a text customer id cell strictly, or says why it cannot be a customer id:
 * longer than the maximum, not valid UTF-8, or holding a control character. A bad id is
 * never decoded whole: its length is checked on the raw bytes first, so a megabyte-long
 * cell costs no megabyte-long String, and what is kept of it for {@code scoring_reject}
 * is a short escaped prefix.
 *
 * <p>
 * Not thread-safe (it reuses a {@link CharsetDecoder}): one per reader.
 */
final class CustomerIdDecoder {

	/**
	 * The default maximum id length, in characters: far above any real customer key
	 * (UUIDs are 36, most keys under 64) and far below PostgreSQL's btree limit of 2704
	 * bytes per index row (256 characters are at most 1024 bytes of UTF-8), so an id that
	 * passes can always be indexed.
	 */
	static final int DEFAULT_MAX_LENGTH = 256;

	/** The largest maximum that can still be indexed whatever the characters. */
	static final int LIMIT = 600;

	/** How much of a bad id is kept, escaped, in {@code scoring_reject}. */
	static final int SHOWN_CHARACTERS = 40;

	private final int maxLength;

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	CustomerIdDecoder(int maxLength) {
		if (maxLength < 1 || maxLength > LIMIT) {
			throw new IllegalArgumentException(
					"The maximum customer id length must be between 1 and " + LIMIT + ", not " + maxLength);
		}
		this.maxLength = maxLength;
	}

	/** A decoded cell: the id, or a reason it is rejected and an escaped prefix of it. */
	record Decoded(String id, String problem) {

		boolean isBad() {
			return this.problem != null;
		}

	}

	/** Decode a cell as parquet-java's values readers give it. */
	Decoded decode(Binary cell) {
		ByteBuffer bytes = cell.toByteBuffer();
		return bytes.hasArray() ? decode(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining())
				: decodeStrictly(bytes);
	}

	/**
	 * Decode the cell {@code bytes[offset, offset + length)}. Printable ASCII within the
	 * maximum length, what ids nearly always are, is an id as it is, without a decoder.
	 */
	Decoded decode(byte[] bytes, int offset, int length) {
		if (length <= this.maxLength && isPrintableAscii(bytes, offset, length)) {
			return new Decoded(new String(bytes, offset, length, StandardCharsets.ISO_8859_1), null);
		}
		return decodeStrictly(ByteBuffer.wrap(bytes, offset, length));
	}

	private static boolean isPrintableAscii(byte[] bytes, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			if (bytes[i] < 0x20 || bytes[i] == 0x7F) {
				// bytes are signed: every byte above 0x7F is negative
				return false;
			}
		}
		return true;
	}

	private Decoded decodeStrictly(ByteBuffer bytes) {
		int length = bytes.remaining();
		if (length > 4L * this.maxLength) {
			return new Decoded(escapedPrefix(bytes), "customer id is " + length
					+ " bytes long, more than the maximum of " + this.maxLength + " characters (--max-id-length)");
		}
		CharBuffer chars;
		try {
			chars = this.decoder.reset().decode(bytes.duplicate());
		}
		catch (CharacterCodingException ex) {
			int offset = firstMalformedByte(bytes);
			return new Decoded(escapedPrefix(bytes), "customer id is not valid UTF-8 (byte 0x%02X at byte offset %d)"
				.formatted(bytes.get(bytes.position() + offset) & 0xFF, offset));
		}
		String id = chars.toString();
		int characters = id.codePointCount(0, id.length());
		if (characters > this.maxLength) {
			return new Decoded(escape(id), "customer id has " + characters + " characters, more than the maximum of "
					+ this.maxLength + " (--max-id-length)");
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (Character.isISOControl(c)) {
				return new Decoded(escape(id), "customer id holds control character U+%04X at character %d"
					.formatted((int) c, id.codePointCount(0, i) + 1));
			}
		}
		return new Decoded(id, null);
	}

	/** The offset of the first byte the decoder refuses. */
	private int firstMalformedByte(ByteBuffer bytes) {
		ByteBuffer input = bytes.duplicate();
		CharBuffer out = CharBuffer.allocate(input.remaining());
		var result = this.decoder.reset().decode(input, out, true);
		try {
			result.throwException();
		}
		catch (MalformedInputException ex) {
			return input.position() - bytes.position();
		}
		catch (CharacterCodingException ex) {
			// unmappable does not happen in UTF-8
		}
		return input.position() - bytes.position();
	}

	/**
	 * The first bytes of a cell as text: printable ASCII as is, everything else as
	 * {@code \xNN}, then {@code …} when there is more.
	 */
	static String escapedPrefix(ByteBuffer bytes) {
		StringBuilder shown = new StringBuilder();
		int end = bytes.position() + Math.min(bytes.remaining(), SHOWN_CHARACTERS);
		for (int i = bytes.position(); i < end; i++) {
			int b = bytes.get(i) & 0xFF;
			if (b >= 0x20 && b < 0x7F && b != '\\') {
				shown.append((char) b);
			}
			else {
				shown.append("\\x%02X".formatted(b));
			}
		}
		return (bytes.remaining() > SHOWN_CHARACTERS) ? shown.append('…').toString() : shown.toString();
	}

	/**
	 * The first characters of a decoded id: control characters and backslashes as
	 * {@code \}{@code uNNNN}, then {@code …} when there is more.
	 */
	static String escape(String id) {
		StringBuilder shown = new StringBuilder();
		int end = Math.min(id.length(), SHOWN_CHARACTERS);
		for (int i = 0; i < end; i++) {
			char c = id.charAt(i);
			if (Character.isISOControl(c) || c == '\\') {
				shown.append("\\u%04X".formatted((int) c));
			}
			else {
				shown.append(c);
			}
		}
		return (id.length() > SHOWN_CHARACTERS) ? shown.append('…').toString() : shown.toString();
	}

}
