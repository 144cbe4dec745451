package io.nightscore;

/**
 * Turns exceptions into the one-line text nightscore shows an operator: the first line of
 * a message, or of the innermost cause's message. Stateless.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * The innermost cause's message, on one line; its class name when it has no message.
	 */
	public static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? firstLine(root.getMessage()) : root.getClass().getSimpleName();
	}

	/** The first line of a message, without surrounding white space. */
	public static String firstLine(String message) {
		String stripped = String.valueOf(message).strip();
		int newline = stripped.indexOf('\n');
		return (newline < 0) ? stripped : stripped.substring(0, newline);
	}

}
