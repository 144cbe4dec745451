package io.nightscore.input;

import java.util.List;

/**
 * One Parquet input file as it was when the run started: what a restart compares against,
 * and the row-group layout the partitioner splits.
 *
 * @param path the fully qualified path (a Hadoop file system URI)
 * @param size the length in bytes
 * @param modifiedAt the modification time in epoch milliseconds
 * @param etag the object store's entity tag (a content version), or {@code null} where
 * the file system has none
 * @param rowGroupRows the number of rows of each row group, in file order
 */
public record InputFile(String path, long size, long modifiedAt, String etag, List<Long> rowGroupRows) {

	public InputFile {
		rowGroupRows = List.copyOf(rowGroupRows);
	}

	/** A file of a file system without entity tags. */
	public InputFile(String path, long size, long modifiedAt, List<Long> rowGroupRows) {
		this(path, size, modifiedAt, null, rowGroupRows);
	}

	/** The file's total number of rows. */
	public long rows() {
		return this.rowGroupRows.stream().mapToLong(Long::longValue).sum();
	}

}
