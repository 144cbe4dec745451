package io.nightscore.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.nightscore.input.InputFile;
import io.nightscore.input.InputSnapshot;
import io.nightscore.input.ParquetInputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the audit trail and the staleness check need to know of a run's input: the sha256
 * of every file's bytes (one streaming pass per file, 1 MiB at a time) and how old the
 * input is on the scoring date. Thread-safe.
 */
public final class InputAudit {

	/** The completion marker whose time, when present, dates the input. */
	public static final String SUCCESS_MARKER = "_SUCCESS";

	private static final int BUFFER = 1 << 20;

	private final Configuration configuration;

	public InputAudit(Configuration configuration) {
		this.configuration = configuration;
	}

	/** The Hadoop configuration the input's file systems are opened with. */
	public Configuration configuration() {
		return this.configuration;
	}

	/** The sha256 of each file's content, by path, in snapshot order. */
	public Map<String, String> checksums(InputSnapshot snapshot) {
		Map<String, String> checksums = new LinkedHashMap<>();
		byte[] buffer = new byte[BUFFER];
		for (InputFile file : snapshot.files()) {
			// through ParquetInputs: a local name such as b:c.parquet has no Hadoop
			// checksum path; and only the file the snapshot recorded, so that the audit
			// never describes an object replaced since
			try (InputStream in = ParquetInputs.openRecorded(file, this.configuration).newStream()) {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					digest.update(buffer, 0, n);
				}
				checksums.put(file.path(), HexFormat.of().formatHex(digest.digest()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + file.path() + " to checksum it: " + ex.getMessage(),
						ex);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
			}
		}
		return checksums;
	}

	/**
	 * The input's age on the scoring date, in days: from the {@code _SUCCESS} marker (or
	 * {@code marker}) beside the first file when there is one, else from the newest
	 * file's modification time, to the start of the scoring date in {@code zone}; 0 when
	 * the input is newer than that.
	 */
	public double ageDays(InputSnapshot snapshot, String marker, LocalDate scoringDate, ZoneId zone) {
		if (snapshot.files().isEmpty()) {
			return 0;
		}
		long newest = snapshot.files().stream().mapToLong(InputFile::modifiedAt).max().getAsLong();
		Path dir = new Path(snapshot.files().get(0).path()).getParent();
		for (String name : new String[] { marker, SUCCESS_MARKER }) {
			if (name != null && dir != null) {
				try {
					FileSystem fs = dir.getFileSystem(this.configuration);
					Path markerPath = new Path(dir, name);
					if (fs.exists(markerPath)) {
						newest = fs.getFileStatus(markerPath).getModificationTime();
						break;
					}
				}
				catch (IOException ex) {
					// no marker time: the files' times date the input
				}
			}
		}
		Duration age = Duration.between(Instant.ofEpochMilli(newest), scoringDate.atStartOfDay(zone).toInstant());
		return Math.max(0, age.toMinutes() / (24.0 * 60));
	}

}
