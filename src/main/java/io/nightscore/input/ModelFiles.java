package io.nightscore.input;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.nightscore.ContractException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Makes a {@code --model} argument a local file the scorer can load: a plain path as it
 * is, a {@code file:} URI as its path, and any other Hadoop URI ({@code s3a://},
 * {@code hdfs://}) copied, streaming, to a temporary file deleted when the JVM exits. The
 * model's sha256 is taken from the bytes, so a restart still refuses a changed model
 * wherever it lives. Thread-safe.
 */
public final class ModelFiles {

	private final Configuration configuration;

	public ModelFiles(Configuration configuration) {
		this.configuration = configuration;
	}

	/**
	 * The local file holding the model named by {@code location}.
	 * @throws ContractException if the model does not exist or cannot be reached for a
	 * reason a retry will not fix
	 * @throws StorageUnavailableException if the storage failed after its retries
	 */
	public Path localCopy(String location) {
		InputLocation parsed = InputLocation.parse(location);
		if (parsed.isLocal()) {
			return location.regionMatches(true, 0, "file:", 0, 5) ? parsed.local() : Path.of(location);
		}
		org.apache.hadoop.fs.Path path = parsed.hadoopPath();
		try {
			FileSystem fs = path.getFileSystem(this.configuration);
			Path copy = Files.createTempFile("nightscore-model-", "-" + path.getName());
			copy.toFile().deleteOnExit();
			try (InputStream in = fs.open(path)) {
				Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			return copy;
		}
		catch (FileNotFoundException ex) {
			throw new ContractException("Model file " + location + " does not exist: check --model");
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			throw StorageFailures.classify("Model file", location, ex);
		}
	}

}
