package io.nightscore.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nightscore.ContractException;
import io.nightscore.input.InputResolver;
import io.nightscore.input.InputSnapshot;
import io.nightscore.support.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The segment column read forward row by row, from the files the run's snapshot recorded
 * and from no other.
 */
class SegmentCursorTests {

	static final String SCHEMA = "message m { required binary customer_id (STRING); optional binary region (STRING);"
			+ " optional double x; }";

	@TempDir
	Path dir;

	@Test
	void eachRowGetsItsOwnSegmentAndANullCellItsOwn() throws Exception {
		InputSnapshot snapshot = snapshot(ParquetFixtures.write(this.dir.resolve("a.parquet"), SCHEMA, rows(3000)));

		try (SegmentCursor cursor = new SegmentCursor(snapshot, "region", new Configuration())) {
			assertThat(cursor.segmentAt(0, 1)).isEqualTo(SegmentCursor.NULL_SEGMENT);
			assertThat(cursor.segmentAt(0, 2)).isEqualTo("north");
			assertThat(cursor.segmentAt(0, 1502)).isEqualTo("north");
			assertThat(cursor.segmentAt(0, 2999)).isEqualTo("south");
		}
	}

	@Test
	void aFileWhoseNameHasAColonIsRead() throws Exception {
		Path written = ParquetFixtures.write(this.dir.resolve("a.parquet"), SCHEMA, rows(10));
		InputSnapshot snapshot = snapshot(Files.move(written, this.dir.resolve("b:c.parquet")));

		SegmentCursor.check(snapshot, "region", new Configuration());
		try (SegmentCursor cursor = new SegmentCursor(snapshot, "region", new Configuration())) {
			assertThat(cursor.segmentAt(0, 7)).isEqualTo("south");
		}
	}

	@Test
	void aFileRewrittenSinceTheSnapshotIsRefusedRatherThanRead() throws Exception {
		Path path = ParquetFixtures.write(this.dir.resolve("a.parquet"), SCHEMA, rows(3000));
		InputSnapshot snapshot = snapshot(path);
		long recordedSize = Files.size(path);
		Files.delete(path);
		Files.deleteIfExists(path.resolveSibling(".a.parquet.crc"));
		ParquetFixtures.write(path, SCHEMA, rows(2000));

		try (SegmentCursor cursor = new SegmentCursor(snapshot, "region", new Configuration())) {
			assertThatExceptionOfType(ContractException.class).isThrownBy(() -> cursor.segmentAt(0, 1))
				.withMessage("The input changed after the run started (" + snapshot.files().get(0).path()
						+ " changed size from " + recordedSize + " to " + Files.size(path) + " bytes): scoring on"
						+ " would mix two data sets; start the date afresh with --rerun once upstream has finished"
						+ " writing it");
		}
	}

	private static InputSnapshot snapshot(Path file) {
		return new InputResolver(new Configuration()).resolve(file.toString(), "customer_id", List.of("x"), null);
	}

	/** Row 1 has no region, even rows are north, odd rows past the middle south. */
	private static List<Consumer<Group>> rows(int count) {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int row = i + 1;
			rows.add((group) -> {
				group.add("customer_id", "C" + row);
				if (row > 1) {
					group.add("region", (row % 2 == 0 || row <= count / 2) ? "north" : "south");
				}
				group.add("x", (double) row);
			});
		}
		return rows;
	}

}
