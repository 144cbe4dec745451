package io.nightscore.input;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InputLocationTests {

	@Test
	void plainPathsAreLocalWhateverTheirNameHolds() {
		assertThat(InputLocation.parse("/data/b:c.parquet").local()).isEqualTo(Path.of("/data/b:c.parquet"));
		assertThat(InputLocation.parse("b:c.parquet").local()).isEqualTo(Path.of("b:c.parquet").toAbsolutePath());
	}

	@Test
	void fileUrisAreLocalPaths() {
		assertThat(InputLocation.parse("file:///data/in").local()).isEqualTo(Path.of("/data/in"));
		assertThat(InputLocation.parse("file:/data/in").local()).isEqualTo(Path.of("/data/in"));
		assertThat(InputLocation.parse("file:///data/a%20b").local()).isEqualTo(Path.of("/data/a b"));
		assertThat(InputLocation.parse("file:///data/*.parquet").local()).isEqualTo(Path.of("/data/*.parquet"));
	}

	@Test
	void otherUrisGoToTheirHadoopFileSystem() {
		InputLocation s3 = InputLocation.parse("s3a://bucket/features/2026-11-22/");
		assertThat(s3.isLocal()).isFalse();
		assertThat(s3.scheme()).isEqualTo("s3a");
		assertThat(s3.hadoopPath().toString()).isEqualTo("s3a://bucket/features/2026-11-22");
		assertThat(InputLocation.parse("hdfs://nn:8020/x").isLocal()).isFalse();
	}

	@Test
	void localPathsBecomeHadoopPathsWhateverTheirName() {
		assertThat(InputLocation.hadoopPath(Path.of("/data/b:c.parquet")).toString())
			.isEqualTo("file:/data/b:c.parquet");
	}

}
