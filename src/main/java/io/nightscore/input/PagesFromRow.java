package io.nightscore.input;

import java.util.HashMap;
import java.util.Map;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * A row group's pages from a given row on: the data pages that end before that row are
 * dropped before a column reader sees them, so a reader that starts in the middle of a
 * row group (a partition's range, a restart, a window of a filtered read) decodes only
 * the rows of the page the row is in, not every row before it.
 *
 * <p>
 * Only for flat columns, where a page's value count is its row count. A page that knows
 * its first row (read through the offset index) starts there; otherwise pages follow each
 * other from the row group's first row. Pages start at different rows in different
 * columns, so each column tells how many values are still to be skipped in its first page
 * ({@link #valuesToSkip}); the column readers built on it ({@link IdColumnReader},
 * {@link FeatureColumnReader}) skip them. Not thread-safe.
 */
final class PagesFromRow implements PageReadStore {

	private final PageReadStore pages;

	private final long row;

	private final PageWindows index;

	private final Map<ColumnDescriptor, Long> valuesToSkip = new HashMap<>();

	/**
	 * @param pages the row group's pages
	 * @param row the 0-based row within the row group the readers start at
	 * @param index the row group's page index the pages were read through, or
	 * {@code null}: each page must hold as many values as it gives the page rows
	 */
	PagesFromRow(PageReadStore pages, long row, PageWindows index) {
		this.pages = pages;
		this.row = row;
		this.index = index;
	}

	@Override
	public PageReader getPageReader(ColumnDescriptor column) {
		TailPageReader reader = new TailPageReader(this.pages.getPageReader(column), this.row, column, this.index);
		this.valuesToSkip.put(column, this.row - reader.firstRow);
		return reader;
	}

	@Override
	public void close() {
		this.pages.close();
	}

	@Override
	public long getRowCount() {
		return this.pages.getRowCount();
	}

	/**
	 * The values the column's reader must still skip to reach the row: those of its first
	 * page that come before it.
	 */
	long valuesToSkip(ColumnDescriptor column) {
		return this.valuesToSkip.get(column);
	}

	private static final class TailPageReader implements PageReader {

		private final PageReader pages;

		private final long dropped;

		/** The row of the row group the first page left starts at. */
		private final long firstRow;

		private final ColumnDescriptor column;

		private final PageWindows index;

		private DataPage first;

		TailPageReader(PageReader pages, long row, ColumnDescriptor column, PageWindows index) {
			this.pages = pages;
			this.column = column;
			this.index = index;
			long dropped = 0;
			long start = 0;
			DataPage page = next();
			while (page != null) {
				start = page.getFirstRowIndex().orElse(start);
				if (start + page.getValueCount() > row) {
					break;
				}
				start += page.getValueCount();
				dropped += page.getValueCount();
				page = next();
			}
			this.first = page;
			this.dropped = dropped;
			this.firstRow = start;
		}

		@Override
		public DictionaryPage readDictionaryPage() {
			return this.pages.readDictionaryPage();
		}

		@Override
		public long getTotalValueCount() {
			return this.pages.getTotalValueCount() - this.dropped;
		}

		@Override
		public DataPage readPage() {
			if (this.first != null) {
				DataPage page = this.first;
				this.first = null;
				return page;
			}
			return next();
		}

		/**
		 * The next page, checked against the page index: a flat column's page holds a
		 * value per row, and a page index that gives it other rows lies (which a version
		 * 2 page, whose rows parquet-java takes from its header, would not show).
		 */
		private DataPage next() {
			DataPage page = this.pages.readPage();
			if (page != null && this.index != null && page.getFirstRowIndex().isPresent()) {
				long rows = this.index.pageRows(this.column, page.getFirstRowIndex().get());
				if (rows != page.getValueCount()) {
					throw new ParquetDecodingException(
							"column " + String.join(".", this.column.getPath()) + " has a page of "
									+ page.getValueCount() + " values where the page index says " + rows + " rows");
				}
			}
			return page;
		}

	}

}
