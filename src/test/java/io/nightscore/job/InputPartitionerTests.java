package io.nightscore.job;

import java.util.List;
import java.util.Map;

import io.nightscore.input.InputFile;
import io.nightscore.input.InputSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

class InputPartitionerTests {

	@Test
	void oneFileWithOneRowGroupIsSplitSoThatEveryThreadScores() {
		InputSnapshot snapshot = snapshot(List.of(1_000_000L));

		Map<String, ExecutionContext> partitions = new InputPartitioner(snapshot).partition(2);

		assertThat(partitions).containsOnlyKeys("partition0000", "partition0001");
		assertThat(range(partitions.get("partition0000"))).containsExactly(0L, 0L, 500_000L);
		assertThat(range(partitions.get("partition0001"))).containsExactly(0L, 500_000L, 1_000_000L);
	}

	@Test
	void cutsFallOnRowGroupBoundariesNearTheIdealCut() {
		InputSnapshot near = snapshot(List.of(250_000L, 230_000L, 300_000L, 220_000L));
		InputSnapshot far = snapshot(List.of(300_000L, 300_000L, 300_000L, 100_000L));

		Map<String, ExecutionContext> aligned = new InputPartitioner(near).partition(2);
		Map<String, ExecutionContext> exact = new InputPartitioner(far).partition(2);

		assertThat(aligned.values()).extracting(InputPartitionerTests::range)
			.containsExactly(List.of(0L, 0L, 480_000L), List.of(0L, 480_000L, 1_000_000L));
		assertThat(exact.values()).as("no boundary within a tenth of the ideal cut")
			.extracting(InputPartitionerTests::range)
			.containsExactly(List.of(0L, 0L, 500_000L), List.of(0L, 500_000L, 1_000_000L));
	}

	@Test
	void equalFilesAreCutIntoAMultipleOfTheThreadsSoThatNoThreadScoresAlone() {
		List<InputFile> files = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			files.add(file("part-" + i, List.of(1_000_000L)));
		}

		Map<String, ExecutionContext> partitions = new InputPartitioner(new InputSnapshot(files)).partition(2);

		assertThat(partitions).hasSize(10);
		assertThat(partitions.values()).extracting(InputPartitionerTests::range)
			.allSatisfy((range) -> assertThat(range.get(2) - range.get(1)).isEqualTo(500_000L));
	}

	@Test
	void smallFilesAreNotCut() {
		InputSnapshot snapshot = new InputSnapshot(List.of(file("a", List.of(12_500L)), file("b", List.of(12_500L)),
				file("c", List.of(12_500L)), file("d", List.of(12_500L))));

		Map<String, ExecutionContext> partitions = new InputPartitioner(snapshot).partition(2);

		assertThat(partitions.values()).extracting(InputPartitionerTests::range)
			.containsExactly(List.of(0L, 0L, 12_500L), List.of(1L, 0L, 12_500L), List.of(2L, 0L, 12_500L),
					List.of(3L, 0L, 12_500L));
	}

	@Test
	void everyRowOfEveryFileIsInExactlyOnePartition() {
		InputSnapshot snapshot = new InputSnapshot(List.of(file("a", List.of(7L, 5L)), file("b", List.of(0L)),
				file("c", List.of(1L)), file("d", List.of(100L, 100L, 3L))));

		for (int grid = 1; grid <= 8; grid++) {
			Map<String, ExecutionContext> partitions = new InputPartitioner(snapshot).partition(grid);
			long[] covered = new long[4];
			for (ExecutionContext partition : partitions.values()) {
				List<Long> range = range(partition);
				assertThat(range.get(1)).isLessThan(range.get(2));
				covered[range.get(0).intValue()] += range.get(2) - range.get(1);
			}
			assertThat(covered).containsExactly(12, 0, 1, 203);
		}
	}

	private static List<Long> range(ExecutionContext partition) {
		return List.of((long) partition.getInt(JobNames.FILE_INDEX_KEY), partition.getLong(JobNames.FIRST_ROW_KEY),
				partition.getLong(JobNames.END_ROW_KEY));
	}

	private static InputSnapshot snapshot(List<Long> rowGroups) {
		return new InputSnapshot(List.of(file("customers.parquet", rowGroups)));
	}

	private static InputFile file(String name, List<Long> rowGroups) {
		return new InputFile("file:/data/" + name, 1000, 0, rowGroups);
	}

}
