package io.nightscore.scoring.xgboost;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nightscore.Failures;
import io.nightscore.scoring.Explainer;
import io.nightscore.scoring.ExplainingEngine;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Makes {@link XGBoostExplainer}s for one model, each with a native Booster of its own,
 * which comes back here when the explainer is closed, so that a run of many partitions
 * loads the model once per thread, not once per partition.
 *
 * <p>
 * Thread-safe. {@link #close} frees the Boosters no explainer holds.
 */
public final class XGBoostExplainingEngine implements ExplainingEngine {

	private final byte[] modelBytes;

	private final int featureCount;

	private final Queue<Booster> idleBoosters = new ConcurrentLinkedQueue<>();

	/**
	 * An engine for the model saved in {@code modelBytes} (JSON or UBJ), already checked
	 * by whoever loaded it for scoring.
	 * @param featureCount the number of features the model names
	 */
	public XGBoostExplainingEngine(byte[] modelBytes, int featureCount) {
		this.modelBytes = modelBytes.clone();
		this.featureCount = featureCount;
	}

	@Override
	public Explainer newExplainer() {
		Booster booster = this.idleBoosters.poll();
		return new XGBoostExplainer((booster != null) ? booster : load(), this.featureCount, this.idleBoosters::add);
	}

	@Override
	public void close() {
		for (Booster booster = this.idleBoosters.poll(); booster != null; booster = this.idleBoosters.poll()) {
			booster.dispose();
		}
	}

	private Booster load() {
		try {
			return XGBoost.loadModel(this.modelBytes);
		}
		catch (XGBoostError | IOException ex) {
			throw new IllegalStateException(
					"XGBoost cannot load the model to explain it: " + Failures.firstLine(ex.getMessage()), ex);
		}
	}

}
