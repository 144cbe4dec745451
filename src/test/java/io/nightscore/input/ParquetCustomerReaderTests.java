package io.nightscore.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nightscore.support.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader on a file with several row groups: the rows of a range, in order, and a
 * reopened reader that continues exactly where the saved position says.
 */
class ParquetCustomerReaderTests {

	static final String SCHEMA = "message m { required binary customer_id (STRING); optional double x; optional int32 y; }";

	@TempDir
	Path dir;

	InputFile file;

	@BeforeEach
	void writeFile() throws Exception {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			int n = i;
			rows.add((group) -> {
				group.add("customer_id", "C" + n);
				if (n % 7 != 0) {
					group.add("x", n * 0.5);
				}
				group.add("y", -n);
			});
		}
		Path path = ParquetFixtures.write(this.dir.resolve("customers.parquet"), SCHEMA, rows, 8 * 1024);
		this.file = new InputResolver(new Configuration())
			.resolve(path.toString(), "customer_id", List.of("y", "x"), null)
			.files()
			.get(0);
	}

	@Test
	void fileHasSeveralRowGroups() {
		assertThat(this.file.rowGroupRows()).hasSizeGreaterThan(3);
		assertThat(this.file.rows()).isEqualTo(5000);
	}

	@Test
	void readsItsRangeInOrderWithFeaturesInTheModelsOrderAndNullsAsNaN() {
		List<CustomerRow> rows = readAll(reader(1000, 1010), new ExecutionContext());

		assertThat(rows).extracting(CustomerRow::customerId)
			.containsExactly("C1000", "C1001", "C1002", "C1003", "C1004", "C1005", "C1006", "C1007", "C1008", "C1009");
		assertThat(rows.get(2).features()).containsExactly(-1002f, 501f);
		assertThat(rows.get(2).rowNumber()).isEqualTo(1003);
		assertThat(rows.get(2).fileIndex()).isEqualTo(3);
		assertThat(rows.get(2).nonFiniteFeature()).isEqualTo(-1);
		assertThat(rows.get(1).features()[1]).as("x of C1001 is null").isNaN();
		assertThat(rows.get(1).nonFiniteFeature()).as("a null is missing, not non-finite").isEqualTo(-1);
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 1, 999, 1000, 2345, 3999 })
	void reopenedReaderContinuesAtTheSavedPosition(long consumed) {
		ParquetCustomerReader first = reader(500, 4500);
		ExecutionContext context = new ExecutionContext();
		first.open(context);
		for (long i = 0; i < consumed; i++) {
			first.read();
		}
		first.update(context);
		first.close();

		List<CustomerRow> rest = readAll(reader(500, 4500), context);

		assertThat(rest).hasSize((int) (4000 - consumed));
		assertThat(rest.get(0).customerId()).isEqualTo("C" + (500 + consumed));
		assertThat(rest.get(rest.size() - 1).customerId()).isEqualTo("C4499");
	}

	private ParquetCustomerReader reader(long first, long end) {
		return new ParquetCustomerReader(this.file, 3, first, end, "customer_id", List.of("y", "x"),
				new Configuration());
	}

	private static List<CustomerRow> readAll(ParquetCustomerReader reader, ExecutionContext context) {
		List<CustomerRow> rows = new ArrayList<>();
		reader.open(context);
		try {
			for (CustomerRow row = reader.read(); row != null; row = reader.read()) {
				rows.add(row);
			}
		}
		finally {
			reader.close();
		}
		return rows;
	}

}
