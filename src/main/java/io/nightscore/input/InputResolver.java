package io.nightscore.input;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;

import io.nightscore.ContractException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.s3a.NoVersionAttributeException;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Resolves the {@code --input} argument to Parquet files and checks every file's footer
 * and schema against the model's features, before any row is read.
 *
 * <p>
 * The input is a file, a directory (its {@code *.parquet} files sorted by name;
 * {@code _SUCCESS} and other files are ignored) or a glob, on the local file system or
 * any Hadoop file system URI ({@code s3a://}, {@code hdfs://}, {@code file:}); see
 * {@link InputListing}. Object stores' entity tags are recorded in the snapshot, so a
 * restart refuses a replaced object. Thread-safe.
 */
public final class InputResolver {

	private static final Logger LOG = LoggerFactory.getLogger(InputResolver.class);

	private final Configuration configuration;

	private final InputListing listing;

	public InputResolver(Configuration configuration) {
		this.configuration = configuration;
		this.listing = new InputListing(configuration);
	}

	/**
	 * Initialise Hadoop's configuration, user and local file system now (a few hundred
	 * milliseconds the first time in a process) rather than when the first input is
	 * resolved. Errors are left for that resolution to report.
	 */
	public static void loadFileSystem() {
		try {
			FileSystem.getLocal(new Configuration());
		}
		catch (IOException | RuntimeException ex) {
			// resolving the input reports it
		}
	}

	/**
	 * Close every file system this process opened (Hadoop caches them per scheme and
	 * authority, with their connection pools and threads), so that the next run in the
	 * same JVM opens them with its own settings.
	 */
	public static void closeFileSystems() {
		try {
			FileSystem.closeAll();
		}
		catch (IOException ex) {
			// closing is best effort: the process is about to exit or start afresh
		}
	}

	/** The Hadoop configuration the input's file systems are opened with. */
	public Configuration configuration() {
		return this.configuration;
	}

	/**
	 * Resolve and check the input.
	 * @param input a path, directory, glob or URI
	 * @param idColumn the customer id column
	 * @param featureNames the model's features, in the model's order
	 * @param requiredMarker a file that must exist beside the input (e.g.
	 * {@code _SUCCESS}), or {@code null}
	 * @throws InputNotReadyException if there are no files yet, or the marker is missing
	 * @throws ContractException if a file is unreadable or lacks a column the model needs
	 */
	public InputSnapshot resolve(String input, String idColumn, List<String> featureNames, String requiredMarker) {
		List<FileStatus> statuses = this.listing.list(input, requiredMarker);
		List<InputFile> files = new ArrayList<>();
		for (FileStatus status : statuses) {
			files.add(inspect(status, idColumn, featureNames));
		}
		return new InputSnapshot(files);
	}

	/**
	 * Check that the input is there and complete, without reading any file: what
	 * {@code --wait-for-input} polls.
	 * @return the number of files the input holds
	 * @throws InputNotReadyException if there are no files yet, or the marker is missing
	 * @throws ContractException if the location cannot be right or names something that
	 * is not a file
	 * @throws StorageUnavailableException if the storage failed after its retries
	 */
	public int checkReady(String input, String requiredMarker) {
		return this.listing.list(input, requiredMarker).size();
	}

	private InputFile inspect(FileStatus status, String idColumn, List<String> featureNames) {
		String file = status.getPath().toString();
		ParquetMetadata footer = readFooter(status, file);
		FooterCheck.check(footer, status.getLen(), file);
		ColumnBinding binding = ColumnBinding.bind(footer.getFileMetaData().getSchema(), file, idColumn, featureNames);
		List<Long> rowGroups = footer.getBlocks().stream().map(BlockMetaData::getRowCount).toList();
		List<ColumnDescriptor> columns = binding.projection().getColumns();
		if (!footer.getBlocks().stream().allMatch((block) -> PageWindows.indexed(block, columns))) {
			LOG.info("Parquet file {} has no page index (offset index) for the columns read: it is read a whole row"
					+ " group at a time (up to {} rows), so its memory grows with its row-group size, not the chunk"
					+ " size; write it with page indexes (parquet-java's default since 1.11) to bound it", file,
					rowGroups.stream().mapToLong(Long::longValue).max().orElse(0));
		}
		String etag = (status instanceof EtagSource source) ? source.getEtag() : null;
		return new InputFile(file, status.getLen(), status.getModificationTime(), etag, rowGroups);
	}

	private ParquetMetadata readFooter(FileStatus status, String file) {
		try (ParquetFileReader reader = ParquetFileReader.open(ParquetInputs.open(file, this.configuration),
				HadoopReadOptions.builder(this.configuration, status.getPath()).build())) {
			return reader.getFooter();
		}
		catch (FileNotFoundException ex) {
			throw new ContractException("Parquet file " + file + " disappeared while it was being read");
		}
		catch (IOException | RuntimeException ex) {
			if (StorageFailures.isTransient(ex) || StorageFailures.find(ex, AccessDeniedException.class) != null
					|| StorageFailures.find(ex, NoVersionAttributeException.class) != null) {
				throw StorageFailures.classify("Parquet file", file, ex);
			}
			throw unreadable(file, ex);
		}
	}

	private static ContractException unreadable(String file, Exception ex) {
		return new ContractException("Parquet file " + file + " cannot be read: " + UnreadableFile.reason(ex)
				+ ". It is truncated, corrupt, not Parquet or still being written: replace it and run the same"
				+ " command again");
	}

}
