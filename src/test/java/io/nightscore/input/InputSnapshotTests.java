package io.nightscore.input;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InputSnapshotTests {

	@Test
	void anObjectWithAnotherEntityTagWasReplacedWhateverItsSize() {
		InputSnapshot started = snapshot(new InputFile("s3a://b/in/a.parquet", 100, 1_000, "\"e1\"", List.of(10L)));
		InputSnapshot now = snapshot(new InputFile("s3a://b/in/a.parquet", 100, 1_000, "\"e2\"", List.of(10L)));

		assertThat(now.changesSince(started))
			.containsExactly("s3a://b/in/a.parquet was replaced (ETag \"e1\", now \"e2\")");
		assertThat(started.changesSince(started)).isEmpty();
	}

	@Test
	void entityTagsSurviveTheJsonRoundTripAndOldSnapshotsWithoutThemStillRead() {
		InputSnapshot snapshot = snapshot(new InputFile("s3a://b/in/a.parquet", 100, 1_000, "\"e1\"", List.of(10L)));

		assertThat(InputSnapshot.fromJson(snapshot.toJson())).isEqualTo(snapshot);
		InputSnapshot old = InputSnapshot.fromJson(
				"{\"files\":[{\"path\":\"file:/in/a.parquet\",\"size\":100,\"modifiedAt\":1000,\"rowGroupRows\":[10]}]}");
		assertThat(old.files()).singleElement().extracting(InputFile::etag).isNull();
		assertThat(snapshot(new InputFile("file:/in/a.parquet", 100, 1_000, List.of(10L))).changesSince(old)).isEmpty();
	}

	private static InputSnapshot snapshot(InputFile file) {
		return new InputSnapshot(List.of(file));
	}

}
