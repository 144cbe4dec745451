package io.nightscore.input;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nightscore.Failures;

/**
 * Says why parquet-java could not read a file's footer in words a person can act on,
 * instead of its raw messages ("... is not a Parquet file. Expected magic number at tail,
 * but found [0, 0, -16, 17]", "footer is too large: 4294967167to be read"). Stateless.
 */
final class UnreadableFile {

	private static final Pattern TOO_SHORT = Pattern.compile("length is too low: (\\d+)");

	private UnreadableFile() {
	}

	/** Why the footer of a file could not be read, as the end of a sentence. */
	static String reason(Throwable ex) {
		String raw = Failures.rootMessage(ex);
		Matcher tooShort = TOO_SHORT.matcher(raw);
		if (tooShort.find()) {
			return "it is only " + tooShort.group(1) + " bytes long, too short to be a Parquet file";
		}
		if (raw.contains("Expected magic number at tail")) {
			return "it does not end with Parquet's PAR1 marker";
		}
		if (raw.startsWith("Checksum error")) {
			return "its bytes do not match the Hadoop checksum file (.crc) beside it";
		}
		if (raw.contains("footer is too large") || raw.contains("footer index is not within the file")) {
			return "its footer (the schema and row-group index at the end of the file) has an impossible length";
		}
		return "its footer (the schema and row-group index at the end of the file) cannot be decoded (" + raw + ")";
	}

}
