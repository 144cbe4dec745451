package io.nightscore.bench;

import java.util.List;
import java.util.function.Consumer;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputResolver;
import io.nightscore.input.InputSnapshot;
import io.nightscore.input.ParquetCustomerReader;
import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The benchmarks' way through an input: every block of every file, as the job reads them.
 */
final class BenchInputs {

	private BenchInputs() {
	}

	/**
	 * Read every row of {@code input} (id column {@code customer_id} and
	 * {@code features}) through the job's reader in blocks of {@code chunkSize} rows,
	 * handing each block to {@code blocks}.
	 * @return the rows read
	 */
	static long read(String input, List<String> features, int chunkSize, Configuration configuration,
			Consumer<CustomerBlock> blocks) {
		InputSnapshot snapshot = new InputResolver(configuration).resolve(input, "customer_id", features, null);
		long rows = 0;
		for (int index = 0; index < snapshot.files().size(); index++) {
			InputFile file = snapshot.files().get(index);
			ParquetCustomerReader reader = new ParquetCustomerReader(file, index, 0, file.rows(), "customer_id",
					features, chunkSize, configuration);
			reader.open(new ExecutionContext());
			try {
				for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
					rows += block.rows();
					blocks.accept(block);
				}
			}
			finally {
				reader.close();
			}
		}
		return rows;
	}

}
