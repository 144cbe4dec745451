package io.nightscore.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import io.nightscore.support.ChurnInputs;
import io.nightscore.support.Fifos;
import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.Nightscore.Result;
import io.nightscore.support.Predictions;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code --input} may name and how each odd case ends: file names with any legal
 * character are read, {@code file:} URIs are local paths, a dangling link or a FIFO among
 * the files is refused by name (never skipped, never read), and so is a file whose name
 * the JVM cannot decode, a path whose parent is missing too is called a typo, and an
 * unknown URI scheme or a file system whose classes are missing is a configuration error
 * (exit 2), not a restartable failure.
 */
@JobIntegrationTest
class InputLocationIntegrationTests {

	final JdbcTemplate jdbc = TestDatabase.jdbc();

	@TempDir
	Path dir;

	@Test
	void fileNamesWithAColonAreReadThroughAFileUri() throws Exception {
		ChurnInputs inputs = ChurnInputs.generate(this.dir.resolve("in"), 2000, 2, 23);
		Path colon = Files.move(inputs.files().get(1), inputs.directory().resolve("b:c.parquet"));

		Result result = score("file://" + inputs.directory());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT input_snapshot::text FROM scoring_run", String.class))
			.contains("file:" + colon);
		Predictions.assertPublishedExactlyOnce(1, inputs.expected());
	}

	@Test
	void danglingSymbolicLinkAmongTheFilesIsRefusedByName() throws Exception {
		ChurnInputs inputs = ChurnInputs.generate(this.dir.resolve("in"), 2000, 2, 23);
		Path link = Files.createSymbolicLink(inputs.directory().resolve("customers-00002.parquet"),
				this.dir.resolve("gone/customers-00002.parquet"));

		Result result = score(inputs.directory().toString());

		assertRefused(result, 2, "Input file " + link + " is a symbolic link to " + this.dir.resolve("gone")
				+ "/customers-00002.parquet, which does not exist: the input is incomplete; restore the file or the"
				+ " link, or remove it");
	}

	@Test
	void fifoNamedLikeAParquetFileIsRefusedWithoutBeingOpened() throws Exception {
		ChurnInputs inputs = ChurnInputs.generate(this.dir.resolve("in"), 1000, 1, 23);
		Path fifo = Fifos.make(inputs.directory().resolve("x.parquet"));

		Result inDirectory = score(inputs.directory().toString());
		Result named = score(fifo.toString());

		String message = "Input file " + fifo + " is not a regular file (a FIFO, socket or device): nightscore reads"
				+ " only regular files and links to them; remove it from the input";
		assertRefused(inDirectory, 2, message);
		assertRefused(named, 2, message);
	}

	@Test
	void fifoNamedAsAFilesHadoopChecksumsIsRefusedWithoutBeingOpened() throws Exception {
		ChurnInputs inputs = ChurnInputs.generate(this.dir.resolve("in"), 1000, 1, 23);
		Path file = inputs.files().get(0);
		Path checksums = file.resolveSibling("." + file.getFileName() + ".crc");
		Files.deleteIfExists(checksums);
		Fifos.make(checksums);

		Result result = score(inputs.directory().toString());

		assertRefused(result, 2, "Input file " + file + " has a checksum file " + checksums + " that is not a regular"
				+ " file (a directory, FIFO, socket or device), which Hadoop would open with it; remove it from the"
				+ " input");
	}

	@Test
	void fileWhoseNameIsNotInTheFileNameEncodingIsRefusedByName() throws Exception {
		ChurnInputs inputs = ChurnInputs.generate(this.dir.resolve("in"), 1000, 1, 23);
		// bytes 0xFF 0xFE: neither UTF-8 nor ASCII, whatever the test's locale
		assertThat(new ProcessBuilder("sh", "-c", "cp \"$0\" \"$1/$(printf 'bad\\377\\376.parquet')\"",
				inputs.files().get(0).toString(), inputs.directory().toString())
			.start()
			.waitFor()).isZero();
		Path listed;
		try (Stream<Path> entries = Files.list(inputs.directory())) {
			listed = entries.filter((entry) -> entry.getFileName().toString().startsWith("bad"))
				.findFirst()
				.orElseThrow();
		}

		Result result = score(inputs.directory().toString());

		assertRefused(result, 2,
				"Input file " + listed + " has a name that is not valid in this system's file-name encoding ("
						+ System.getProperty("sun.jnu.encoding") + ", from the locale): it can be listed but not"
						+ " opened; rename it");
	}

	@Test
	void pathWhoseParentIsMissingTooIsCalledATypo() {
		Path input = this.dir.resolve("featurs/2026-11-22");

		Result result = score(input.toString());

		assertRefused(result, 2, "Input " + input + " does not exist, and neither does its parent "
				+ this.dir.resolve("featurs") + ": this is most likely a typo in --input; check the path");
	}

	@Test
	void unknownUriSchemeIsAConfigurationError() {
		Result result = score("foo://bucket/2026-11-22");

		assertRefused(result, 2, "Input foo://bucket/2026-11-22 uses a URI scheme no file system of nightscore's"
				+ " reads (No FileSystem for scheme \"foo\"): use a local path, a file:, hdfs:// or s3a:// URI");
	}

	@Test
	void fileSystemWhoseClassesAreMissingIsAConfigurationError() {
		Result result = score("foo://bucket/2026-11-22", "--hadoop-property", "fs.foo.impl=org.example.FooFileSystem");

		assertRefused(result, 2, "Input foo://bucket/2026-11-22 needs a file system whose classes are not in"
				+ " nightscore (org.example.FooFileSystem not found): use a local path, a file:, hdfs:// or s3a://"
				+ " URI, or check fs.<scheme>.impl");
	}

	@Test
	void unreachableHdfsIsARestartableFailure() {
		Result result = score("hdfs://127.0.0.1:1/features/2026-11-22", "--hadoop-property",
				"ipc.client.connect.max.retries=0", "--hadoop-property", "ipc.client.connect.timeout=1000");

		assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
		assertThat(result.err().lines()).as(result.toString())
			.singleElement()
			.asString()
			.startsWith("Run 1 failed: Input hdfs://127.0.0.1:1/features/2026-11-22 cannot be read: ")
			.endsWith("(the storage failed after retries); run the same command again to resume it from its last"
					+ " committed chunk");
	}

	@Test
	void hadoopPropertiesComeFromTheEnvironmentOneALine() {
		Result result = Nightscore.run(
				Map.of("NIGHTSCORE_HADOOP_PROPERTY",
						"fs.foo.impl=org.example.FooFileSystem\n" + "fs.foo.impl.disable.cache=true"),
				"score", "--input", "foo://bucket/x", "--model", ChurnInputs.MODEL.toString(), "--scoring-date",
				"2026-11-22");

		assertRefused(result, 2, "Input foo://bucket/x needs a file system whose classes are not in nightscore"
				+ " (org.example.FooFileSystem not found): use a local path, a file:, hdfs:// or s3a:// URI, or check"
				+ " fs.<scheme>.impl");
	}

	private void assertRefused(Result result, int exitCode, String message) {
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
		assertThat(result.err().lines()).as(result.toString()).containsExactly(message);
		assertThat(Predictions.committed()).isZero();
	}

	private static Result score(String input, String... options) {
		return Nightscore.run(
				Stream
					.concat(Stream.of("score", "--input", input, "--model", ChurnInputs.MODEL.toString(),
							"--scoring-date", "2026-11-22"), Stream.of(options))
					.toArray(String[]::new));
	}

}
