package io.nightscore.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

import io.nightscore.input.CustomerBlock;
import io.nightscore.input.CustomerRowCheckProcessor;
import io.nightscore.input.InputFile;
import io.nightscore.input.InputResolver;
import io.nightscore.input.InputSnapshot;
import io.nightscore.input.ParquetCustomerReader;
import io.nightscore.output.RiskBand;
import io.nightscore.scoring.BlockExplainer;
import io.nightscore.scoring.Scorer;
import io.nightscore.scoring.ExplainSelection;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import org.apache.hadoop.conf.Configuration;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The cost of reason codes, not a test: on one thread, reads the first ROWS rows of the
 * input in chunks, scores them, and explains each chunk's high-band rows as the score
 * step does, timing prediction and explanation apart in CPU time of the thread (wall time
 * on a busy machine says more about the neighbours than about SHAP).
 *
 * <p>
 * Usage: {@code ExplainCost INPUT MODEL [ROWS] [CHUNK_SIZE] [ENGINE]} ({@code auto},
 * {@code compiled} or {@code xgboost}, as {@code --engine}; the compiled engine explains
 * with its own TreeSHAP, XGBoost4J with {@code predictContrib}). Prints one line:
 * {@code explain engine=… rows=N high=H predict_us_per_row=P explain_ms_per_1000=E ratio=R}.
 */
public final class ExplainCost {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private ExplainCost() {
	}

	public static void main(String[] args) throws Exception {
		ScoringEngineChoice choice = (args.length > 4) ? ScoringEngineChoice.parse(args[4]) : ScoringEngineChoice.AUTO;
		ScoringModel model = ScoringModel.load(Path.of(args[1]), "explain-cost", choice);
		long limit = (args.length > 2) ? Long.parseLong(args[2]) : 200_000;
		int chunkSize = (args.length > 3) ? Integer.parseInt(args[3]) : 10_000;
		Configuration configuration = new Configuration();
		List<String> features = model.featureNames();
		InputSnapshot snapshot = new InputResolver(configuration).resolve(args[0], "customer_id", features, null);
		InputFile file = snapshot.files().get(0);
		CustomerRowCheckProcessor checker = new CustomerRowCheckProcessor(features);
		long rows = 0;
		long predictNanos = 0;
		long explainNanos = 0;
		ParquetCustomerReader reader = new ParquetCustomerReader(file, 0, 0, Math.min(limit, file.rows()),
				"customer_id", features, chunkSize, configuration);
		reader.open(new ExecutionContext());
		try (Scorer scorer = model.newScorer();
				BlockExplainer explainer = new BlockExplainer(model.newExplainer(),
						ExplainSelection.fromScore(RiskBand.HIGH.from(), 0), features)) {
			for (CustomerBlock block = reader.read(); block != null; block = reader.read()) {
				block = checker.process(block);
				int scorable = block.rows() - block.rejectedRows();
				long started = THREADS.getCurrentThreadCpuTime();
				float[] scores = scorer.score(block.scorableFeatures(), scorable);
				predictNanos += THREADS.getCurrentThreadCpuTime() - started;
				long[] rowNumbers = new long[scorable];
				for (int row = 0, next = 0; row < block.rows(); row++) {
					if (block.rejectReason(row) == null) {
						rowNumbers[next++] = block.rowNumber(row);
					}
				}
				started = THREADS.getCurrentThreadCpuTime();
				explainer.explain(block.scorableFeatures(), scores, rowNumbers, scorable);
				explainNanos += THREADS.getCurrentThreadCpuTime() - started;
				rows += scorable;
			}
			double predictMicros = predictNanos / 1e3 / rows;
			double explainMillisPer1000 = explainNanos / 1e6 / explainer.explainedRows() * 1000;
			System.out.printf(java.util.Locale.ROOT,
					"explain engine=%s rows=%d high=%d (%.2f %%) predict_us_per_row=%.2f explain_ms_per_1000=%.1f ratio=%.0f%n",
					model.engine().name(), rows, explainer.explainedRows(), 100.0 * explainer.explainedRows() / rows,
					predictMicros, explainMillisPer1000, explainMillisPer1000 / predictMicros);
		}
		finally {
			reader.close();
		}
	}

}
