package io.nightscore.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.nightscore.support.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input's first rows for the equivalence check: the first file's first rows, the
 * model's features in its order, nulls as NaN, rows with a stored infinity left out.
 */
class FirstRowsTests {

	@TempDir
	Path dir;

	@Test
	void firstRowsOfTheFirstFileInTheModelsFeatureOrderWithoutInfinities() throws Exception {
		List<Consumer<Group>> rows = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			int n = i;
			rows.add((group) -> {
				group.add("customer_id", "C" + n);
				if (n != 1) {
					group.add("x", (n == 2) ? Double.POSITIVE_INFINITY : n * 0.5);
				}
				group.add("y", -n);
			});
		}
		Path file = ParquetFixtures.write(this.dir.resolve("a.parquet"), ParquetCustomerReaderTests.SCHEMA, rows);
		InputSnapshot snapshot = new InputResolver(new Configuration()).resolve(file.toString(), "customer_id",
				List.of("y", "x"), null);

		float[] first = FirstRows.read(snapshot, "customer_id", List.of("y", "x"), 5, new Configuration());

		// rows 0, 1 (x null), 3, 4: row 2 holds +Infinity
		assertThat(first).hasSize(4 * 2);
		assertThat(first[0]).isEqualTo(0f);
		assertThat(first[1]).isEqualTo(0f);
		assertThat(first[2]).isEqualTo(-1f);
		assertThat(first[3]).isNaN();
		assertThat(first[4]).isEqualTo(-3f);
		assertThat(first[5]).isEqualTo(1.5f);
		assertThat(first[6]).isEqualTo(-4f);
		assertThat(first[7]).isEqualTo(2f);
	}

}
