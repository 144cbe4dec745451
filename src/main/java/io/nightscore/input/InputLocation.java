package io.nightscore.input;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an {@code --input} or {@code --model} argument points: a local path (a plain path
 * or a {@code file:} URI), or a Hadoop file system URI ({@code s3a://}, {@code hdfs://},
 * ...). A plain path is taken as it is, whatever characters its file name holds
 * ({@code b:c.parquet} is a file, not a URI). Immutable.
 *
 * @param argument the argument as given
 * @param local the absolute local path, or {@code null} for a Hadoop URI
 */
record InputLocation(String argument, Path local) {

	/** {@code scheme:/...}: the only form taken as a URI. */
	private static final Pattern URI_FORM = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

	private static final String GLOB_CHARACTERS = "*?[{";

	private static final Set<String> OBJECT_STORE_SCHEMES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb",
			"wasbs", "oss");

	static InputLocation parse(String argument) {
		if (argument.regionMatches(true, 0, "file:", 0, 5)) {
			return new InputLocation(argument, fileUri(argument));
		}
		if (URI_FORM.matcher(argument).matches()) {
			return new InputLocation(argument, null);
		}
		return new InputLocation(argument, Path.of(argument).toAbsolutePath().normalize());
	}

	boolean isLocal() {
		return this.local != null;
	}

	/**
	 * Whether the argument names an object store (S3, GCS, Azure, OSS), where a missing
	 * object or prefix is a wrong URI rather than a directory not created yet.
	 */
	boolean isObjectStore() {
		return OBJECT_STORE_SCHEMES.contains(scheme());
	}

	/** The Hadoop path of a URI argument. */
	org.apache.hadoop.fs.Path hadoopPath() {
		return new org.apache.hadoop.fs.Path(this.argument);
	}

	/** The URI scheme of the argument, lower case; {@code file} for a plain path. */
	String scheme() {
		return isLocal() ? "file" : this.argument.substring(0, this.argument.indexOf(':')).toLowerCase();
	}

	static boolean hasGlob(String text) {
		return text.chars().anyMatch((c) -> GLOB_CHARACTERS.indexOf(c) >= 0);
	}

	/** The Hadoop path of a local file, safe for any character in its name. */
	static org.apache.hadoop.fs.Path hadoopPath(Path local) {
		return new org.apache.hadoop.fs.Path(local.toUri());
	}

	private static Path fileUri(String argument) {
		try {
			return Path.of(new URI(argument)).toAbsolutePath().normalize();
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			// not a well-formed URI (a glob, a space): file:/x, file:///x or
			// file://localhost/x as written
			String path = argument.substring(5);
			if (path.startsWith("//")) {
				int slash = path.indexOf('/', 2);
				path = (slash < 0) ? "/" : path.substring(slash);
			}
			return Path.of(path).toAbsolutePath().normalize();
		}
	}

}
