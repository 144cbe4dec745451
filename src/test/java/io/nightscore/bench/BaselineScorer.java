package io.nightscore.bench;

import java.util.List;

import io.nightscore.input.CustomerBlock;
import io.nightscore.job.ScoringProperties;
import io.nightscore.input.CustomerRowCheckProcessor;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputResolver;
import io.nightscore.input.InputSnapshot;
import io.nightscore.input.ParquetCustomerReader;
import io.nightscore.output.PredictionCopyEncoder;
import io.nightscore.output.LockWaits;
import io.nightscore.output.PredictionPartitions;
import io.nightscore.output.PredictionTables;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ScoringModel;
import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The benchmark's baseline, not a test: the plainest way to score the input, one thread
 * doing read a chunk → check → predict → COPY and commit → next chunk, with nightscore's
 * own reader, checker, scorer, COPY encoder and COPY (so its commits are asynchronous
 * like the job's), no Spring Batch, no parallelism and no finalize. {@code bench/run.sh}
 * runs it beside the real job on the same input.
 *
 * <p>
 * Usage: {@code BaselineScorer INPUT MODEL [CHUNK_SIZE]}; the database comes from
 * {@code SPRING_DATASOURCE_URL}, {@code _USERNAME}, {@code _PASSWORD} and must hold
 * nightscore's schema. It loads a scratch partition ({@value #RUN_ID}) of
 * {@code prediction} and drops it at the end. Prints one line:
 * {@code baseline rows=N seconds=S read=R score=P write=W}.
 */
public final class BaselineScorer {

	static final long RUN_ID = 999_999_999L;

	private BaselineScorer() {
	}

	public static void main(String[] args) throws Exception {
		String input = args[0];
		ScoringModel model = ScoringModel.load(java.nio.file.Path.of(args[1]), "baseline");
		// the job's own default, unless the benchmark asks for another
		int chunkSize = (args.length > 2) ? Integer.parseInt(args[2]) : ScoringProperties.DEFAULT_CHUNK_SIZE;
		Configuration configuration = new Configuration();
		InputSnapshot snapshot = new InputResolver(configuration).resolve(input, "customer_id", model.featureNames(),
				null);
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(env("SPRING_DATASOURCE_URL"),
				env("SPRING_DATASOURCE_USERNAME"), System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""),
				true);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		PredictionPartitions partitions = new PredictionPartitions(dataSource);
		jdbc.execute("DROP TABLE IF EXISTS " + PredictionPartitions.tableName(RUN_ID));
		PredictionTables tables = new PredictionTables(dataSource,
				new LockWaits(dataSource, LockWaits.DEFAULT_TIMEOUT));
		// the table's defaults and ATTACH wait for locks under savepoints: they need a
		// transaction
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
			tables.create(RUN_ID, "baseline");
			tables.attach(RUN_ID);
		});
		try (Scorer scorer = model.newScorer()) {
			run(snapshot.files(), model.featureNames(), chunkSize, configuration, scorer, partitions,
					new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
		}
		finally {
			jdbc.execute("DROP TABLE IF EXISTS " + PredictionPartitions.tableName(RUN_ID));
			dataSource.destroy();
		}
	}

	private static void run(List<InputFile> files, List<String> features, int chunkSize, Configuration configuration,
			Scorer scorer, PredictionPartitions partitions, TransactionTemplate transactions) {
		CustomerRowCheckProcessor checker = new CustomerRowCheckProcessor(features);
		PredictionCopyEncoder encoder = new PredictionCopyEncoder();
		long rows = 0;
		long read = 0;
		long score = 0;
		long write = 0;
		long started = System.nanoTime();
		for (int index = 0; index < files.size(); index++) {
			InputFile file = files.get(index);
			ParquetCustomerReader reader = new ParquetCustomerReader(file, index, 0, file.rows(), "customer_id",
					features, chunkSize, configuration);
			reader.open(new ExecutionContext());
			try {
				while (true) {
					long t0 = System.nanoTime();
					CustomerBlock block = reader.read();
					if (block == null) {
						break;
					}
					block = checker.process(block);
					long t1 = System.nanoTime();
					float[] scores = scorer.score(block.scorableFeatures(), block.rows() - block.rejectedRows());
					long t2 = System.nanoTime();
					encoder.begin();
					for (int row = 0, next = 0; row < block.rows(); row++) {
						if (block.rejectReason(row) == null) {
							encoder.add(block.customerId(row), scores[next++], index, block.rowNumber(row));
						}
					}
					encoder.finish();
					transactions.executeWithoutResult((chunk) -> partitions.copy(RUN_ID, encoder));
					long t3 = System.nanoTime();
					rows += block.rows();
					read += t1 - t0;
					score += t2 - t1;
					write += t3 - t2;
				}
			}
			finally {
				reader.close();
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf(java.util.Locale.ROOT, "baseline rows=%d seconds=%.3f read=%.3f score=%.3f write=%.3f%n",
				rows, seconds, read / 1e9, score / 1e9, write / 1e9);
	}

	private static String env(String name) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " is not set");
		}
		return value;
	}

}
