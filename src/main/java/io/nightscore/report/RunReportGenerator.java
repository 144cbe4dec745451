package io.nightscore.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import io.nightscore.ContractException;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a run's HTML report: reads the run's records and renders them into one
 * self-contained file. Thread-safe.
 */
public final class RunReportGenerator {

	private final RunReportRepository repository;

	public RunReportGenerator(JdbcTemplate jdbc) {
		this.repository = new RunReportRepository(jdbc);
	}

	/** The default file name of a run's report: {@code run-<id>.html}. */
	public static String fileName(long runId) {
		return "run-" + runId + ".html";
	}

	/**
	 * Write the report of run {@code runId} into {@code directory} as {@link #fileName},
	 * replacing a file of that name. Something else of that name (a FIFO, which would
	 * hold the write until a reader came, a device or a directory) is left alone and
	 * refused: unlike {@code report --out}, where the user names the file (a pipe or
	 * {@code /dev/stdout} included), nobody asked for it.
	 * @throws IllegalArgumentException if there is no such run
	 * @throws ContractException if the file cannot be written
	 */
	public Path writeInto(long runId, Path directory) {
		Path out = directory.resolve(fileName(runId));
		if (Files.exists(out) && !Files.isRegularFile(out)) {
			throw new ContractException("Cannot write the report to " + out + " (it exists and is not a regular file:"
					+ " a directory, FIFO, socket or device): remove it");
		}
		return write(runId, out);
	}

	/**
	 * Write the report of run {@code runId} to {@code out}, replacing it.
	 * @throws IllegalArgumentException if there is no such run
	 * @throws ContractException if the file cannot be written: a retry fails the same way
	 * until the path or its permissions change
	 */
	public Path write(long runId, Path out) {
		String html = RunReportPage.render(this.repository.read(runId),
				ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
		try {
			Path parent = out.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(out, html, StandardCharsets.UTF_8);
			return out;
		}
		catch (IOException ex) {
			throw new ContractException("Cannot write the report to " + out + " (" + reason(ex)
					+ "): check that the directory exists or can be made, and is writable", ex);
		}
	}

	/**
	 * Why a file operation failed, with the path: the JDK's exceptions for a missing
	 * directory or a denied one carry the path alone as their message.
	 */
	private static String reason(IOException failure) {
		if (failure instanceof NoSuchFileException missing) {
			return missing.getFile() + ": no such file or directory";
		}
		if (failure instanceof AccessDeniedException denied) {
			return denied.getFile() + ": permission denied";
		}
		if (failure instanceof FileSystemException other && other.getReason() != null) {
			return other.getFile() + ": " + other.getReason();
		}
		return String.valueOf(failure.getMessage());
	}

}
