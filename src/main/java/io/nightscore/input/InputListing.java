package io.nightscore.input;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.nightscore.ContractException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Lists the Parquet files an input location names, sorted by name: a file, a directory's
 * {@code *.parquet} files ({@code _SUCCESS}, hidden and other files ignored) or a glob's
 * matches, and checks the completion marker.
 *
 * <p>
 * Local paths are listed through {@code java.nio}, so that every entry is checked before
 * anything opens it: a dangling symbolic link, a FIFO, socket or device named
 * {@code *.parquet} is refused by name rather than skipped or read (a FIFO would block
 * the run), and file names may hold any legal character. Other URIs are listed through
 * their Hadoop file system. Thread-safe.
 */
final class InputListing {

	private final Configuration configuration;

	InputListing(Configuration configuration) {
		this.configuration = configuration;
	}

	/**
	 * The input's files, sorted by path.
	 * @throws InputNotReadyException if there are no files yet, or the marker is missing
	 * @throws ContractException if the location cannot be right (a typo, a missing
	 * bucket, an unknown scheme, no access) or names something that is not a file
	 * @throws StorageUnavailableException if the storage failed after its retries
	 */
	List<FileStatus> list(String input, String requiredMarker) {
		InputLocation location = InputLocation.parse(input);
		try {
			return location.isLocal() && !InputLocation.hasGlob(parentOf(location.local()).toString())
					? listLocal(input, location.local(), requiredMarker)
					: listHadoop(input,
							location.isLocal() ? InputLocation.hadoopPath(location.local()) : location.hadoopPath(),
							requiredMarker, location.isObjectStore());
		}
		catch (IOException | UncheckedIOException ex) {
			throw StorageFailures.classify("Input", input, ex);
		}
		catch (InputNotReadyException | ContractException ex) {
			throw ex;
		}
		catch (RuntimeException | LinkageError ex) {
			throw StorageFailures.classify("Input", input, ex);
		}
	}

	private List<FileStatus> listLocal(String input, Path path, String marker) throws IOException {
		Path directory;
		List<Path> files = new ArrayList<>();
		String name = (path.getFileName() != null) ? path.getFileName().toString() : "";
		if (InputLocation.hasGlob(name)) {
			directory = parentOf(path);
			requireLocal(input, directory);
			PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + name);
			files.addAll(entries(directory, (entry) -> glob.matches(entry.getFileName())));
		}
		else if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			if (!Files.isDirectory(parentOf(path))) {
				throw typo(input, parentOf(path).toString());
			}
			throw notThereYet(input);
		}
		else if (Files.isDirectory(path)) {
			directory = path;
			files.addAll(entries(directory, (entry) -> isDataFile(entry.getFileName().toString())));
		}
		else {
			directory = parentOf(path);
			files.add(path);
		}
		List<FileStatus> statuses = new ArrayList<>();
		for (Path file : files) {
			if (!Files.isDirectory(file)) {
				statuses.add(localStatus(file));
			}
		}
		requireFilesAndMarker(input, statuses, marker, () -> marker == null || Files.exists(directory.resolve(marker)),
				directory.toString());
		return sorted(statuses);
	}

	private List<FileStatus> listHadoop(String input, org.apache.hadoop.fs.Path path, String marker,
			boolean objectStore) throws IOException {
		FileSystem fs = path.getFileSystem(this.configuration);
		List<FileStatus> files;
		org.apache.hadoop.fs.Path directory;
		if (InputLocation.hasGlob(path.toString())) {
			FileStatus[] matches = fs.globStatus(path);
			files = (matches != null) ? Arrays.stream(matches).filter(FileStatus::isFile).toList() : List.of();
			directory = path.getParent();
		}
		else {
			FileStatus status;
			try {
				status = fs.getFileStatus(path);
			}
			catch (FileNotFoundException ex) {
				if (path.getParent() != null && !fs.exists(path.getParent())) {
					throw typo(input, path.getParent().toString());
				}
				// an object store has no directories: a missing prefix is a wrong URI
				// unless the operator waits for upstream to write it
				throw objectStore ? new ObjectMissingException(input) : notThereYet(input);
			}
			if (status.isDirectory()) {
				files = Arrays.stream(fs.listStatus(path))
					.filter((s) -> s.isFile() && isDataFile(s.getPath().getName()))
					.toList();
				directory = path;
			}
			else {
				files = List.of(status);
				directory = path.getParent();
			}
		}
		requireFilesAndMarker(input, files, marker,
				() -> marker == null || fs.exists(new org.apache.hadoop.fs.Path(directory, marker)),
				String.valueOf(directory));
		return sorted(files);
	}

	private static List<Path> entries(Path directory, DirectoryStream.Filter<Path> filter) throws IOException {
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, filter)) {
			List<Path> entries = new ArrayList<>();
			stream.forEach(entries::add);
			return entries;
		}
	}

	/**
	 * The status of a local file, refusing what is not a regular file or a link to one.
	 */
	private static FileStatus localStatus(Path file) throws IOException {
		if (!Files.exists(Path.of(file.toString()), LinkOption.NOFOLLOW_LINKS)) {
			// the listing holds the name's bytes; a name the JVM cannot decode comes back
			// as a path of other bytes, which Hadoop and parquet-java open by name
			throw new ContractException(
					"Input file " + file + " has a name that is not valid in this system's file-name encoding ("
							+ System.getProperty("sun.jnu.encoding", "unknown")
							+ ", from the locale): it can be listed but not opened; rename it");
		}
		if (Files.isSymbolicLink(file) && !Files.exists(file)) {
			throw new ContractException("Input file " + file + " is a symbolic link to " + Files.readSymbolicLink(file)
					+ ", which does not exist: the input is incomplete; restore the file or the link, or remove it");
		}
		if (!Files.isRegularFile(file)) {
			throw new ContractException("Input file " + file + " is not a regular file (a FIFO, socket or device):"
					+ " nightscore reads only regular files and links to them; remove it from the input");
		}
		// Hadoop's local file system verifies a file against the checksums of its hidden
		// sibling .<name>.crc when there is one: opening a FIFO there would wait forever
		Path checksums = file.resolveSibling("." + file.getFileName() + ".crc");
		if (Files.exists(checksums) && !Files.isRegularFile(checksums)) {
			throw new ContractException("Input file " + file + " has a checksum file " + checksums
					+ " that is not a regular file (a directory, FIFO, socket or device), which Hadoop would open with"
					+ " it; remove it from the input");
		}
		return new FileStatus(Files.size(file), false, 1, 0, Files.getLastModifiedTime(file).toMillis(),
				InputLocation.hadoopPath(file));
	}

	private static void requireLocal(String input, Path directory) {
		if (!Files.isDirectory(directory)) {
			if (!Files.exists(parentOf(directory))) {
				throw typo(input, parentOf(directory).toString());
			}
			throw notThereYet(input);
		}
	}

	private static void requireFilesAndMarker(String input, List<FileStatus> files, String marker,
			IoCheck markerPresent, String directory) throws IOException {
		if (files.isEmpty()) {
			throw new InputNotReadyException(
					"Input " + input + " holds no *.parquet files (yet): is the upstream export finished?");
		}
		if (marker != null && !marker.isBlank() && !markerPresent.check()) {
			throw new InputNotReadyException("Input " + input + " has no " + marker + " marker in " + directory
					+ " (yet): upstream has not finished writing it; retry later");
		}
	}

	private static InputNotReadyException notThereYet(String input) {
		return new InputNotReadyException("Input " + input
				+ " does not exist (yet): is the upstream export finished? Retry later or check --input");
	}

	private static ContractException typo(String input, String parent) {
		return new ContractException("Input " + input + " does not exist, and neither does its parent " + parent
				+ ": this is most likely a typo in --input; check the path");
	}

	private static Path parentOf(Path path) {
		return (path.getParent() != null) ? path.getParent() : path;
	}

	private static boolean isDataFile(String name) {
		return name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".");
	}

	private static List<FileStatus> sorted(List<FileStatus> files) {
		return files.stream().sorted(Comparator.comparing((FileStatus s) -> s.getPath().toString())).toList();
	}

	@FunctionalInterface
	private interface IoCheck {

		boolean check() throws IOException;

	}

}
