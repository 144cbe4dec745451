package io.nightscore.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

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
	 * Write the report of run {@code runId} to {@code out}, replacing it.
	 * @throws IllegalArgumentException if there is no such run
	 * @throws IllegalStateException if the file cannot be written
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
			throw new IllegalStateException("Cannot write the report to " + out + " (" + ex.getMessage()
					+ "): check that the directory is writable", ex);
		}
	}

}
