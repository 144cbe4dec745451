package io.nightscore.input;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.nightscore.ContractException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Resolves the {@code --input} argument to Parquet files and checks every file's footer
 * and schema against the model's features, before any row is read.
 *
 * <p>
 * The input is a file, a directory (its {@code *.parquet} files sorted by name;
 * {@code _SUCCESS} and other files are ignored) or a glob, on the local file system or
 * any Hadoop file system URI. Thread-safe.
 */
public final class InputResolver {

	private static final String GLOB_CHARACTERS = "*?[{";

	private final Configuration configuration;

	public InputResolver(Configuration configuration) {
		this.configuration = configuration;
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
		List<FileStatus> statuses = list(input, requiredMarker);
		List<InputFile> files = new ArrayList<>();
		for (FileStatus status : statuses) {
			files.add(inspect(status, idColumn, featureNames));
		}
		return new InputSnapshot(files);
	}

	private List<FileStatus> list(String input, String requiredMarker) {
		Path path = new Path(input);
		try {
			FileSystem fs = path.getFileSystem(this.configuration);
			List<FileStatus> files;
			Path directory;
			if (input.chars().anyMatch((c) -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
				FileStatus[] matches = fs.globStatus(path);
				files = (matches != null) ? Arrays.stream(matches).filter(FileStatus::isFile).toList() : List.of();
				directory = path.getParent();
			}
			else if (!fs.exists(path)) {
				throw new InputNotReadyException("Input " + input + " does not exist (yet): is the upstream export"
						+ " finished? Retry later or check --input");
			}
			else if (fs.getFileStatus(path).isDirectory()) {
				files = Arrays.stream(fs.listStatus(path))
					.filter((s) -> s.isFile() && isDataFile(s.getPath()))
					.toList();
				directory = path;
			}
			else {
				files = List.of(fs.getFileStatus(path));
				directory = path.getParent();
			}
			if (files.isEmpty()) {
				throw new InputNotReadyException(
						"Input " + input + " holds no *.parquet files (yet): is the upstream export finished?");
			}
			if (requiredMarker != null && !requiredMarker.isBlank()
					&& !fs.exists(new Path(directory, requiredMarker))) {
				throw new InputNotReadyException("Input " + input + " has no " + requiredMarker + " marker in "
						+ directory + " (yet): upstream has not finished writing it; retry later");
			}
			return files.stream().sorted(Comparator.comparing((FileStatus s) -> s.getPath().toString())).toList();
		}
		catch (IOException ex) {
			throw new InputNotReadyException("Input " + input + " cannot be listed: " + ex.getMessage());
		}
	}

	private static boolean isDataFile(Path path) {
		String name = path.getName();
		return name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".");
	}

	private InputFile inspect(FileStatus status, String idColumn, List<String> featureNames) {
		String file = status.getPath().toString();
		ParquetMetadata footer = readFooter(status, file);
		FooterCheck.check(footer, status.getLen(), file);
		ColumnBinding.bind(footer.getFileMetaData().getSchema(), file, idColumn, featureNames);
		List<Long> rowGroups = footer.getBlocks().stream().map(BlockMetaData::getRowCount).toList();
		return new InputFile(file, status.getLen(), status.getModificationTime(), rowGroups);
	}

	private ParquetMetadata readFooter(FileStatus status, String file) {
		try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(status, this.configuration),
				HadoopReadOptions.builder(this.configuration, status.getPath()).build())) {
			return reader.getFooter();
		}
		catch (FileNotFoundException ex) {
			throw new ContractException("Parquet file " + file + " disappeared while it was being read");
		}
		catch (IOException | RuntimeException ex) {
			throw new ContractException("Parquet file " + file + " cannot be read: " + UnreadableFile.reason(ex)
					+ ". It is truncated, corrupt, not Parquet or still being written: replace it and run the same"
					+ " command again");
		}
	}

}
