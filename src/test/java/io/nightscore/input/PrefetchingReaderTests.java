package io.nightscore.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nightscore.ContractException;
import io.nightscore.support.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read-ahead reader around the Parquet reader: the same blocks in the same order, a
 * saved position that counts only the blocks handed out (not the one read ahead), so a
 * reader reopened from it continues with the next block; and the background read's
 * failure thrown, unchanged, by the read that asks for it.
 */
class PrefetchingReaderTests {

	@TempDir
	Path dir;

	@Test
	void handsOutTheDelegatesBlocksInOrder() throws Exception {
		InputFile file = file(1000);

		List<String> ids = new ArrayList<>();
		PrefetchingReader<CustomerBlock> reader = prefetching(file, 0, 1000, 64);
		reader.open(new ExecutionContext());
		try {
			for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
				for (int i = 0; i < block.rows(); i++) {
					ids.add(block.customerId(i));
				}
			}
			assertThat(reader.read()).as("still the end").isNull();
		}
		finally {
			reader.close();
		}

		assertThat(ids).hasSize(1000).startsWith("C0", "C1").endsWith("C999");
	}

	@Test
	void savesThePositionOfTheBlocksHandedOutNotOfTheBlockReadAhead() throws Exception {
		InputFile file = file(1000);
		ExecutionContext saved = new ExecutionContext();
		PrefetchingReader<CustomerBlock> first = prefetching(file, 100, 900, 50);
		int handedOut = 0;
		first.open(saved);
		try {
			for (int i = 0; i < 3; i++) {
				handedOut += first.read().rows();
			}
			// the fourth block is (being) read ahead: give it time to be read
			Thread.sleep(200);
			first.update(saved);
		}
		finally {
			first.close();
		}
		assertThat(saved.getLong(ParquetCustomerReader.POSITION_KEY)).isEqualTo(handedOut);

		PrefetchingReader<CustomerBlock> resumed = prefetching(file, 100, 900, 50);
		resumed.open(saved);
		try {
			CustomerBlock next = resumed.read();
			assertThat(next.customerId(0)).isEqualTo("C" + (100 + handedOut));
			assertThat(next.rowNumber(0)).isEqualTo(100 + handedOut + 1);
		}
		finally {
			resumed.close();
		}
	}

	@Test
	void throwsTheBackgroundReadsFailureUnchanged() {
		ContractException corrupt = new ContractException("Parquet file f cannot be decoded near row 3");
		PrefetchingReader<String> reader = new PrefetchingReader<>(new FailingReader(corrupt), "read-test");
		reader.open(new ExecutionContext());
		try {
			assertThat(reader.read()).isEqualTo("first");
			assertThatThrownBy(reader::read).isSameAs(corrupt);
		}
		finally {
			reader.close();
		}
	}

	private InputFile file(int rows) throws Exception {
		List<Consumer<Group>> groups = new ArrayList<>();
		for (int i = 0; i < rows; i++) {
			int n = i;
			groups.add((group) -> {
				group.add("customer_id", "C" + n);
				group.add("x", n * 0.5);
				group.add("y", -n);
			});
		}
		Path path = ParquetFixtures.write(this.dir.resolve("customers.parquet"), ParquetCustomerReaderTests.SCHEMA,
				groups, 8 * 1024);
		return new InputResolver(new Configuration()).resolve(path.toString(), "customer_id", List.of("y", "x"), null)
			.files()
			.get(0);
	}

	private static PrefetchingReader<CustomerBlock> prefetching(InputFile file, long first, long end, int blockRows) {
		return new PrefetchingReader<>(new ParquetCustomerReader(file, 0, first, end, "customer_id", List.of("y", "x"),
				blockRows, new Configuration()), "read-test");
	}

	/** Hands out one item, then fails. */
	private static final class FailingReader implements ItemStreamReader<String> {

		private final RuntimeException failure;

		private int reads;

		FailingReader(RuntimeException failure) {
			this.failure = failure;
		}

		@Override
		public String read() {
			if (this.reads++ > 0) {
				throw this.failure;
			}
			return "first";
		}

	}

}
