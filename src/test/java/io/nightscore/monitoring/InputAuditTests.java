package io.nightscore.monitoring;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nightscore.ContractException;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputResolver;
import io.nightscore.input.InputSnapshot;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The audit's input checksums: the sha256 of every file's bytes, in snapshot order,
 * whether the files are read one at a time or several at once; a file that cannot be read
 * is named.
 */
class InputAuditTests {

	private static final Path SAMPLE_INPUT = Path.of("sample-data/customers");

	@TempDir
	Path dir;

	@Test
	void checksumsAreEachFilesSha256InSnapshotOrder() throws Exception {
		InputSnapshot snapshot = snapshot(SAMPLE_INPUT.toString());
		Map<String, String> expected = new LinkedHashMap<>();
		for (InputFile file : snapshot.files()) {
			byte[] bytes = Files.readAllBytes(Path.of(URI.create(file.path())));
			expected.put(file.path(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
		}
		assertThat(expected).hasSize(4);

		assertThat(new InputAudit(new Configuration()).checksums(snapshot)).containsExactlyEntriesOf(expected);
	}

	@Test
	void aFileThatVanishedIsNamed() throws Exception {
		for (String name : List.of("a.parquet", "b.parquet", "c.parquet")) {
			Files.copy(SAMPLE_INPUT.resolve("customers-00000.parquet"), this.dir.resolve(name));
		}
		InputSnapshot snapshot = snapshot(this.dir.toString());
		Files.delete(this.dir.resolve("b.parquet"));

		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> new InputAudit(new Configuration()).checksums(snapshot))
			.withMessageStartingWith("Cannot read " + snapshot.files().get(1).path() + " to checksum it: ");
	}

	@Test
	void aFileRewrittenSinceTheSnapshotIsRefusedRatherThanChecksummed() throws Exception {
		Files.copy(SAMPLE_INPUT.resolve("customers-00000.parquet"), this.dir.resolve("a.parquet"));
		InputSnapshot snapshot = snapshot(this.dir.toString());
		Files.copy(SAMPLE_INPUT.resolve("customers-00001.parquet"), this.dir.resolve("a.parquet"),
				StandardCopyOption.REPLACE_EXISTING);

		assertThatExceptionOfType(ContractException.class)
			.isThrownBy(() -> new InputAudit(new Configuration()).checksums(snapshot))
			.withMessageStartingWith("The input changed after the run started (" + snapshot.files().get(0).path());
	}

	private static InputSnapshot snapshot(String input) {
		return new InputResolver(new Configuration()).resolve(input, "customer_id", List.of("tenure_months"), null);
	}

}
