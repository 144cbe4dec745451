package io.nightscore.input;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials written into a URI ({@code s3a://KEY:SECRET@bucket/...}): refused before
 * the URI reaches a log line, a job parameter or a table, and never shown. Stateless.
 */
public final class UriCredentials {

	private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/@]*)@");

	private UriCredentials() {
	}

	/**
	 * The usage error for an option whose URI carries credentials, or {@code null} if it
	 * carries none.
	 * @param option the option's name ({@code --input})
	 * @param uri its value, or {@code null}
	 */
	public static String problem(String option, String uri) {
		if (uri == null) {
			return null;
		}
		Matcher matcher = USER_INFO.matcher(uri);
		if (!matcher.find()) {
			return null;
		}
		return option + " " + matcher.replaceFirst("$1***@")
				+ " carries credentials in its URI, where they would be logged and stored with the run: remove them and"
				+ " give them as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (from a Secret) or as --hadoop-property"
				+ " fs.s3a.access.key=... / fs.s3a.secret.key=...";
	}

}
