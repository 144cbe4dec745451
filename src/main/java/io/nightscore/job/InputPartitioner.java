package io.nightscore.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nightscore.input.InputFile;
import io.nightscore.input.InputSnapshot;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the run's input into row ranges of about equal size, one file each, so that
 * every scoring thread has work even when the input is one file with one row group, and
 * all threads finish together.
 *
 * <p>
 * A range holds at most {@code total / (threads × ⌈files / threads⌉)} rows, and each file
 * is cut into equal ranges of at most that size: one file is cut in {@code threads}
 * ranges, and five equal files on two threads in ten, rather than five whole files of
 * which the last would be scored by one thread alone. Cuts fall on row-group boundaries
 * where a file has one near the ideal cut, so that a partition's reader can skip whole
 * row groups; elsewhere the reader drops the pages before its first row undecoded. The
 * split depends only on the snapshot and the grid size, and Spring Batch keeps the grid
 * size of a restarted step, so a restart sees the same partitions. Names are
 * {@code partition0000}, {@code partition0001}, ...
 */
class InputPartitioner implements Partitioner {

	private final InputSnapshot snapshot;

	InputPartitioner(InputSnapshot snapshot) {
		this.snapshot = snapshot;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		long total = this.snapshot.rows();
		List<InputFile> files = this.snapshot.files();
		long nonEmpty = files.stream().filter((file) -> file.rows() > 0).count();
		long rounds = Math.max(1, ceilDiv(nonEmpty, gridSize));
		long target = Math.max(1, ceilDiv(total, gridSize * rounds));
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (int index = 0; index < files.size(); index++) {
			InputFile file = files.get(index);
			long rows = file.rows();
			int pieces = (int) Math.max(1, ceilDiv(rows, target));
			long start = 0;
			for (int piece = 1; piece <= pieces && start < rows; piece++) {
				long end = (piece == pieces) ? rows : alignToRowGroup(file, rows * piece / pieces, start);
				if (end > start) {
					partitions.put("partition%04d".formatted(partitions.size()), context(index, start, end));
				}
				start = end;
			}
		}
		return partitions;
	}

	/**
	 * The row-group boundary nearest {@code cut} if it is within a tenth of a piece, else
	 * {@code cut}.
	 */
	private static long alignToRowGroup(InputFile file, long cut, long start) {
		long nearest = -1;
		long boundary = 0;
		for (long groupRows : file.rowGroupRows()) {
			boundary += groupRows;
			if (boundary > start && boundary < file.rows()
					&& (nearest < 0 || Math.abs(boundary - cut) < Math.abs(nearest - cut))) {
				nearest = boundary;
			}
		}
		long tolerance = Math.max(1, (cut - start) / 10);
		return (nearest >= 0 && Math.abs(nearest - cut) <= tolerance) ? nearest : cut;
	}

	private static ExecutionContext context(int fileIndex, long firstRow, long endRow) {
		ExecutionContext context = new ExecutionContext();
		context.putInt(JobNames.FILE_INDEX_KEY, fileIndex);
		context.putLong(JobNames.FIRST_ROW_KEY, firstRow);
		context.putLong(JobNames.END_ROW_KEY, endRow);
		return context;
	}

	private static long ceilDiv(long a, long b) {
		return (a + b - 1) / b;
	}

}
