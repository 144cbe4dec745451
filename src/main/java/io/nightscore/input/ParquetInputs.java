package io.nightscore.input;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import io.nightscore.ContractException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileStatus;
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
		if (isLocalWithColon(hadoopPath)) {
			return new LocalInputFile(localPath(hadoopPath));
		}
		return HadoopInputFile.fromPath(hadoopPath, configuration);
	}

	/**
	 * The file the snapshot recorded, only if it is still that file: the same entity tag
	 * where the object store gives one (which S3A then holds every read of the stream
	 * to), else the same size and modification time.
	 * @throws ContractException if it was replaced, resized or modified since
	 */
	public static InputFile openRecorded(io.nightscore.input.InputFile recorded, Configuration configuration)
			throws IOException {
		org.apache.hadoop.fs.Path hadoopPath = new org.apache.hadoop.fs.Path(recorded.path());
		if (isLocalWithColon(hadoopPath)) {
			Path local = localPath(hadoopPath);
			requireUnchanged(recorded, Files.size(local), Files.getLastModifiedTime(local).toMillis(), null);
			return new LocalInputFile(local);
		}
		FileStatus status = hadoopPath.getFileSystem(configuration).getFileStatus(hadoopPath);
		requireUnchanged(recorded, status.getLen(), status.getModificationTime(),
				(status instanceof EtagSource source) ? source.getEtag() : null);
		return HadoopInputFile.fromStatus(status, configuration);
	}

	private static void requireUnchanged(io.nightscore.input.InputFile recorded, long size, long modifiedAt,
			String etag) {
		String change = null;
		if (recorded.etag() != null && etag != null) {
			if (!Objects.equals(recorded.etag(), etag)) {
				change = " was replaced (ETag " + recorded.etag() + ", now " + etag + ")";
			}
		}
		else if (size != recorded.size()) {
			change = " changed size from " + recorded.size() + " to " + size + " bytes";
		}
		else if (modifiedAt != recorded.modifiedAt()) {
			change = " was modified at " + Instant.ofEpochMilli(modifiedAt);
		}
		if (change != null) {
			throw new ContractException("The input changed after the run started (" + recorded.path() + change
					+ "): scoring on would mix two data sets; start the date afresh with --rerun once upstream has"
					+ " finished writing it");
		}
	}

	private static boolean isLocalWithColon(org.apache.hadoop.fs.Path hadoopPath) {
		return "file".equals(hadoopPath.toUri().getScheme()) && hadoopPath.getName().indexOf(':') >= 0;
	}

	private static Path localPath(org.apache.hadoop.fs.Path hadoopPath) {
		return Path.of(URI.create("file://" + hadoopPath.toUri().getRawPath()));
	}

}
