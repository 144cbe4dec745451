package io.nightscore.input;

import java.util.List;

import io.nightscore.ContractException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * Checks that a Parquet footer is consistent with itself and with the file's length
 * before the run trusts it: every row group's row count is non-negative and equals the
 * value count of each of its flat column chunks, and every column chunk (its dictionary
 * page included) lies inside the file. parquet-java trusts all of these: a negative count
 * publishes an empty run, an understated one drops rows silently, and a column chunk
 * claiming 2^40 bytes makes the reader allocate that much.
 *
 * <p>
 * Stateless.
 */
final class FooterCheck {

	/** Parquet's leading "PAR1" magic, and the trailing footer length plus magic. */
	private static final int HEAD = 4;

	private static final int TAIL = 8;

	private FooterCheck() {
	}

	/**
	 * @param footer the file's footer as parquet-java read it
	 * @param fileLength the file's length in bytes
	 * @param file the file's name for the message
	 * @throws ContractException naming the file, the row group and the column, saying
	 * what is inconsistent
	 */
	static void check(ParquetMetadata footer, long fileLength, String file) {
		MessageType schema = footer.getFileMetaData().getSchema();
		List<BlockMetaData> groups = footer.getBlocks();
		for (int g = 0; g < groups.size(); g++) {
			BlockMetaData group = groups.get(g);
			String where = "row group " + (g + 1) + " of " + groups.size();
			long rows = group.getRowCount();
			if (rows < 0) {
				throw inconsistent(file, where + " claims " + rows + " rows");
			}
			for (ColumnChunkMetaData column : group.getColumns()) {
				String name = column.getPath().toDotString();
				ColumnDescriptor descriptor = schema.getColumnDescription(column.getPath().toArray());
				if (descriptor.getMaxRepetitionLevel() == 0 && column.getValueCount() != rows) {
					throw inconsistent(file, where + " claims " + rows + " rows but its column '" + name + "' holds "
							+ column.getValueCount() + " values");
				}
				long start = column.getStartingPos();
				long size = column.getTotalSize();
				if (start < HEAD || size < 0 || size > fileLength - TAIL - start) {
					throw inconsistent(file, where + ": column '" + name + "' claims " + size + " bytes at offset "
							+ start + ", outside the file of " + fileLength + " bytes");
				}
				long dictionary = column.getDictionaryPageOffset();
				if (column.hasDictionaryPage() && (dictionary < HEAD || dictionary >= fileLength - TAIL)) {
					throw inconsistent(file, where + ": column '" + name + "' claims a dictionary page at offset "
							+ dictionary + ", outside the file of " + fileLength + " bytes");
				}
			}
		}
	}

	private static ContractException inconsistent(String file, String what) {
		return new ContractException("Parquet file " + file + " has an inconsistent footer: " + what
				+ ". The file is corrupt or was written by a broken writer: replace it and run the same command again");
	}

}
