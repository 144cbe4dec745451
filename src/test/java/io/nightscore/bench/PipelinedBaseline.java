package io.nightscore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

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
import io.nightscore.scoring.ModelArtifact;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.xgboost.XGBoostEngine;
import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The benchmark's reference, not a test: the strongest plain scorer on the same libraries
 * that the shared workload's README describes — one reader thread decoding column chunks
 * into row-major float blocks, {@code SCORERS} scorer threads each with its own XGBoost4J
 * Booster ({@code nthread=1}), one writer thread streaming binary COPY and committing
 * each block — connected by bounded queues, with no Spring Batch, no restartability, no
 * finalize. {@code bench/run.sh} runs it beside the real job on the same input.
 *
 * <p>
 * Usage: {@code PipelinedBaseline INPUT MODEL [CHUNK_SIZE] [SCORERS]}; the database as
 * for {@link BaselineScorer}. Prints one line:
 * {@code pipelined rows=N seconds=S read=R score=P write=W} (thread-seconds per stage).
 */
public final class PipelinedBaseline {

	static final long RUN_ID = 999_999_998L;

	private static final Object END = new Object();

	private PipelinedBaseline() {
	}

	public static void main(String[] args) throws Exception {
		java.nio.file.Path modelFile = java.nio.file.Path.of(args[1]);
		XGBoostEngine.Loaded model = XGBoostEngine.load(modelFile, ModelArtifact.read(modelFile), "pipelined");
		// the job's own default, unless the benchmark asks for another
		int chunkSize = (args.length > 2) ? Integer.parseInt(args[2]) : ScoringProperties.DEFAULT_CHUNK_SIZE;
		int scorers = (args.length > 3) ? Integer.parseInt(args[3]) : 2;
		Configuration configuration = new Configuration();
		List<String> features = model.artifact().featureNames();
		InputSnapshot snapshot = new InputResolver(configuration).resolve(args[0], "customer_id", features, null);
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(System.getenv("SPRING_DATASOURCE_URL"),
				System.getenv("SPRING_DATASOURCE_USERNAME"),
				System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", ""), true);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		PredictionPartitions partitions = new PredictionPartitions(dataSource);
		jdbc.execute("DROP TABLE IF EXISTS " + PredictionPartitions.tableName(RUN_ID));
		PredictionTables tables = new PredictionTables(dataSource,
				new LockWaits(dataSource, LockWaits.DEFAULT_TIMEOUT));
		// the table's defaults and ATTACH wait for locks under savepoints: they need a
		// transaction
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
			tables.create(RUN_ID, "pipelined");
			tables.attach(RUN_ID);
		});
		ExecutorService threads = Executors.newFixedThreadPool(scorers + 2);
		try {
			BlockingQueue<Object> read = new ArrayBlockingQueue<>(4);
			BlockingQueue<Object> scored = new ArrayBlockingQueue<>(4);
			AtomicLong readNanos = new AtomicLong();
			AtomicLong scoreNanos = new AtomicLong();
			AtomicLong writeNanos = new AtomicLong();
			long started = System.nanoTime();
			List<Future<?>> stages = new ArrayList<>();
			stages.add(threads.submit(() -> {
				read(snapshot.files(), features, chunkSize, configuration, read, readNanos);
				for (int i = 0; i < scorers; i++) {
					read.put(END);
				}
				return null;
			}));
			for (int i = 0; i < scorers; i++) {
				stages.add(threads.submit(() -> {
					try (Scorer scorer = model.engine().newScorer(1)) {
						score(read, scored, scorer, scoreNanos);
					}
					scored.put(END);
					return null;
				}));
			}
			Future<Long> writer = threads.submit(() -> write(scored, scorers, partitions,
					new TransactionTemplate(new DataSourceTransactionManager(dataSource)), writeNanos));
			for (Future<?> stage : stages) {
				stage.get();
			}
			long rows = writer.get();
			double seconds = (System.nanoTime() - started) / 1e9;
			System.out.printf(java.util.Locale.ROOT, "pipelined rows=%d seconds=%.3f read=%.3f score=%.3f write=%.3f%n",
					rows, seconds, readNanos.get() / 1e9, scoreNanos.get() / 1e9, writeNanos.get() / 1e9);
		}
		finally {
			threads.shutdownNow();
			jdbc.execute("DROP TABLE IF EXISTS " + PredictionPartitions.tableName(RUN_ID));
			dataSource.destroy();
			model.engine().close();
		}
	}

	private static void read(List<InputFile> files, List<String> features, int chunkSize, Configuration configuration,
			BlockingQueue<Object> out, AtomicLong nanos) throws InterruptedException {
		CustomerRowCheckProcessor checker = new CustomerRowCheckProcessor(features);
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
					nanos.addAndGet(System.nanoTime() - t0);
					out.put(block);
				}
			}
			finally {
				reader.close();
			}
		}
	}

	private static void score(BlockingQueue<Object> in, BlockingQueue<Object> out, Scorer scorer, AtomicLong nanos)
			throws InterruptedException {
		for (Object item = in.take(); item != END; item = in.take()) {
			CustomerBlock block = (CustomerBlock) item;
			long t0 = System.nanoTime();
			float[] scores = scorer.score(block.scorableFeatures(), block.rows() - block.rejectedRows());
			nanos.addAndGet(System.nanoTime() - t0);
			out.put(new Object[] { block, scores });
		}
	}

	private static long write(BlockingQueue<Object> in, int producers, PredictionPartitions partitions,
			TransactionTemplate transactions, AtomicLong nanos) throws InterruptedException {
		PredictionCopyEncoder encoder = new PredictionCopyEncoder();
		long rows = 0;
		for (int ended = 0; ended < producers;) {
			Object item = in.take();
			if (item == END) {
				ended++;
				continue;
			}
			long t0 = System.nanoTime();
			CustomerBlock block = (CustomerBlock) ((Object[]) item)[0];
			float[] scores = (float[]) ((Object[]) item)[1];
			encoder.begin();
			for (int row = 0, next = 0; row < block.rows(); row++) {
				if (block.rejectReason(row) == null) {
					encoder.add(block.customerId(row), scores[next++], block.fileIndex(), block.rowNumber(row));
				}
			}
			encoder.finish();
			transactions.executeWithoutResult((chunk) -> partitions.copy(RUN_ID, encoder));
			rows += block.rows();
			nanos.addAndGet(System.nanoTime() - t0);
		}
		return rows;
	}

}
