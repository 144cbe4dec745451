package io.nightscore.input;

import java.util.HashMap;
import java.util.Map;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;

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

	private final Map<ColumnDescriptor, Long> valuesToSkip = new HashMap<>();

	/**
	 * @param pages the row group's pages
	 * @param row the 0-based row within the row group the readers start at
	 */
	PagesFromRow(PageReadStore pages, long row) {
		this.pages = pages;
		this.row = row;
	}

	@Override
	public PageReader getPageReader(ColumnDescriptor column) {
		TailPageReader reader = new TailPageReader(this.pages.getPageReader(column), this.row);
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

		private DataPage first;

		TailPageReader(PageReader pages, long row) {
			this.pages = pages;
			long dropped = 0;
			long start = 0;
			DataPage page = pages.readPage();
			while (page != null) {
				start = page.getFirstRowIndex().orElse(start);
				if (start + page.getValueCount() > row) {
					break;
				}
				start += page.getValueCount();
				dropped += page.getValueCount();
				page = pages.readPage();
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
			return this.pages.readPage();
		}

	}

}
