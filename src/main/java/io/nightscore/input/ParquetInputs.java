package io.nightscore.input;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Opens an input file recorded in the snapshot as parquet-java's {@link InputFile}:
 * through its Hadoop file system, except for a local file whose name Hadoop's local file
 * system cannot handle (a {@code :} in {@code b:c.parquet} makes its checksum-file name
 * an invalid URI), which is read directly. Stateless.
 */
public final class ParquetInputs {

	private ParquetInputs() {
	}

	/**
	 * The file at {@code path}, a fully qualified Hadoop path as {@link InputFile#path()}
	 * records it.
	 */
	public static InputFile open(String path, Configuration configuration) throws IOException {
		org.apache.hadoop.fs.Path hadoopPath = new org.apache.hadoop.fs.Path(path);
		if ("file".equals(hadoopPath.toUri().getScheme()) && hadoopPath.getName().indexOf(':') >= 0) {
			return new LocalInputFile(Path.of(URI.create("file://" + hadoopPath.toUri().getRawPath())));
		}
		return HadoopInputFile.fromPath(hadoopPath, configuration);
	}

}
