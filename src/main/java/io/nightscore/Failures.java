package io.nightscore;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns exceptions into the one-line text nightscore shows an operator: the first line of
 * a message, or of the innermost cause's message, with any password written into a URL
 * masked. Stateless.
 */
public final class Failures {

	/**
	 * A password given as a URL parameter ({@code ?password=...}, {@code sslpassword=}).
	 */
	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&\\s)]*");

	/**
	 * A password in a URL's user info ({@code //user:secret@host}), also as drivers quote
	 * the host part alone ({@code unknown host user:secret@host}).
	 */
	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("([^\\s/:@]+):[^\\s/@]+@");

	private Failures() {
	}

	/**
	 * The first exception in {@code failure}'s cause chain, itself included, that
	 * {@code matches}, or {@code null}.
	 */
	public static Throwable cause(Throwable failure, Predicate<Throwable> matches) {
		for (Throwable t = failure; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (matches.test(t)) {
				return t;
			}
		}
		return null;
	}

	/**
	 * The first exception of {@code type} in {@code failure}'s cause chain, itself
	 * included, or {@code null}.
	 */
	public static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		return type.cast(cause(failure, type::isInstance));
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

	/**
	 * The first line of a message, without surrounding white space and with passwords
	 * written into URLs masked: a driver's message may quote the database URL it was
	 * given ("Unable to parse URL jdbc:postgresql://...?password=...").
	 */
	public static String firstLine(String message) {
		String stripped = String.valueOf(message).strip();
		int newline = stripped.indexOf('\n');
		return withoutPasswords((newline < 0) ? stripped : stripped.substring(0, newline));
	}

	/** The text with every password written into a URL replaced by {@code ***}. */
	public static String withoutPasswords(String text) {
		String masked = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
		return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1:***@");
	}

}
