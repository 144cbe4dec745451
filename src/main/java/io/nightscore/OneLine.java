package io.nightscore;

/**
 * Text from a file, a model or a run's records as a line on a terminal or in a log shows
 * it: newline, carriage return and tab as {@code \n}, {@code \r}, {@code \t}, every other
 * control character and the Unicode line and paragraph separators as
 * {@code \}{@code uNNNN}. What it returns can neither break the line, move a terminal's
 * cursor nor forge a line. Stateless.
 */
public final class OneLine {

	private OneLine() {
	}

	public static String escaped(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		text.codePoints().forEach((c) -> escaped.append(escape(c)));
		return escaped.toString();
	}

	private static String escape(int c) {
		return switch (c) {
			case '\n' -> "\\n";
			case '\r' -> "\\r";
			case '\t' -> "\\t";
			default -> (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
					|| Character.getType(c) == Character.PARAGRAPH_SEPARATOR) ? "\\u%04x".formatted(c)
							: Character.toString(c);
		};
	}

}
