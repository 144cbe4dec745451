package io.nightscore.input;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.internal.filter2.columnindex.RowRanges;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Plans which rows of one row group to read at once, from the row group's page index (the
 * offset index parquet-java writes since 1.11: each page's first row and byte range):
 * windows of about a given number of rows that end, where such a row exists, at a row
 * where every projected column starts a new page, so that consecutive windows never read
 * a page twice. An index whose pages do not start at row 0 and follow each other within
 * the row group fails. Rows are 0-based within the row group. Immutable.
 */
final class PageWindows {

	private final long rows;

	/** The rows (ascending) where every projected column starts a page. */
	private final long[] commonPageStarts;

	/** Each projected column's page starts, as its offset index gives them. */
	private final Map<ColumnPath, long[]> pageStarts;

	private PageWindows(long rows, long[] commonPageStarts, Map<ColumnPath, long[]> pageStarts) {
		this.rows = rows;
		this.commonPageStarts = commonPageStarts;
		this.pageStarts = pageStarts;
	}

	/**
	 * The windows of row group {@code group} of {@code reader} over the columns of
	 * {@code projection}, or empty when one of them has no offset index (then only whole
	 * row groups can be read).
	 */
	static Optional<PageWindows> of(ParquetFileReader reader, int group, List<ColumnDescriptor> projection)
			throws IOException {
		BlockMetaData block = reader.getRowGroups().get(group);
		if (!indexed(block, projection)) {
			return Optional.empty();
		}
		Set<ColumnPath> wanted = paths(projection);
		ColumnIndexStore indexes = reader.getColumnIndexStore(group);
		long[] common = null;
		Map<ColumnPath, long[]> byColumn = new HashMap<>();
		for (ColumnPath path : wanted) {
			long[] starts = pageStarts(indexes.getOffsetIndex(path), path, block.getRowCount());
			byColumn.put(path, starts);
			common = (common == null) ? starts
					: Arrays.stream(common).filter((row) -> Arrays.binarySearch(starts, row) >= 0).toArray();
		}
		return Optional.of(new PageWindows(block.getRowCount(), (common != null) ? common : new long[0], byColumn));
	}

	/**
	 * Whether every column of {@code projection} has an offset index in {@code block}.
	 */
	static boolean indexed(BlockMetaData block, List<ColumnDescriptor> projection) {
		Set<ColumnPath> wanted = paths(projection);
		return block.getColumns()
			.stream()
			.filter((chunk) -> wanted.contains(chunk.getPath()))
			.allMatch((chunk) -> chunk.getOffsetIndexReference() != null);
	}

	/**
	 * Where a window that starts at {@code from} ends (exclusive): the last row in
	 * {@code (from, from + windowRows]} where every column starts a page, or
	 * {@code from + windowRows} if there is none; never beyond {@code limit}.
	 */
	long end(long from, long windowRows, long limit) {
		long target = Math.min(limit, from + windowRows);
		if (target == limit) {
			return limit;
		}
		int at = Arrays.binarySearch(this.commonPageStarts, target);
		int last = (at >= 0) ? at : -at - 2;
		return (last >= 0 && this.commonPageStarts[last] > from) ? this.commonPageStarts[last] : target;
	}

	/**
	 * The rows of {@code column}'s page that starts at {@code firstRow} by the offset
	 * index, or -1 when no page starts there.
	 */
	long pageRows(ColumnDescriptor column, long firstRow) {
		long[] starts = this.pageStarts.get(ColumnPath.get(column.getPath()));
		int page = (starts != null) ? Arrays.binarySearch(starts, firstRow) : -1;
		if (page < 0) {
			return -1;
		}
		return ((page + 1 < starts.length) ? starts[page + 1] : this.rows) - firstRow;
	}

	/** Rows {@code [from, to)} as parquet-java's row ranges for a filtered read. */
	RowRanges ranges(long from, long to) {
		return RowRanges.create(this.rows, IntStream.of(0).iterator(), new OneRange(from, to));
	}

	private static Set<ColumnPath> paths(List<ColumnDescriptor> projection) {
		Set<ColumnPath> paths = new HashSet<>();
		for (ColumnDescriptor column : projection) {
			paths.add(ColumnPath.get(column.getPath()));
		}
		return paths;
	}

	/**
	 * Each page's first row, checked: the first page starts at row 0, each next one after
	 * it and within the row group (a lying index would hand rows to the wrong pages).
	 * @throws ParquetDecodingException when they are not
	 */
	private static long[] pageStarts(OffsetIndex index, ColumnPath path, long rows) {
		long[] starts = new long[index.getPageCount()];
		for (int page = 0; page < starts.length; page++) {
			starts[page] = index.getFirstRowIndex(page);
			long after = (page == 0) ? -1 : starts[page - 1];
			if ((page == 0) ? starts[0] != 0 : (starts[page] <= after || starts[page] >= rows)) {
				throw new ParquetDecodingException(
						"column " + path.toDotString() + " has a page index (offset index) that puts its page "
								+ (page + 1) + " at row " + starts[page] + ", not " + ((page == 0) ? "at row 0"
										: "after row " + after + " and before the row group's " + rows + " rows"));
			}
		}
		return starts;
	}

	/**
	 * A single "page" holding rows {@code [from, to)}: what {@link RowRanges#create}
	 * needs to make a range, as 1.17 has no public factory for one.
	 */
	private record OneRange(long from, long to) implements OffsetIndex {

		@Override
		public int getPageCount() {
			return 1;
		}

		@Override
		public long getOffset(int pageIndex) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int getCompressedPageSize(int pageIndex) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long getFirstRowIndex(int pageIndex) {
			return this.from;
		}

		@Override
		public long getLastRowIndex(int pageIndex, long rowGroupRowCount) {
			return this.to - 1;
		}

	}

}
