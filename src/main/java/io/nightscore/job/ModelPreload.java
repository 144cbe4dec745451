package io.nightscore.job;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nightscore.input.FirstRows;
import io.nightscore.input.InputResolver;
import io.nightscore.input.ModelFiles;
import io.nightscore.scoring.LoadLog;
import io.nightscore.scoring.ModelCache;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import io.nightscore.scoring.ScoringModel;
import org.apache.hadoop.conf.Configuration;

/**
 * A {@code score} run's model, loaded while Spring starts rather than in the run's
 * prepare step: the command loads it on its start-up warm-up thread and hands it to the
 * context's {@link ModelCache}, where the prepare step finds it (waiting for it if it is
 * still loading). It is loaded exactly as the prepare step loads a model: the same file,
 * engine choice and checks, the equivalence check with the input's first
 * {@value PrepareRunTasklet#PROBE_INPUT_ROWS} rows; its log lines (which engine scores it
 * and why) are kept until then, so a run that never starts says nothing of the model. A
 * load that failed fails the prepare step with the same exception; one that never ran
 * (the warm-up gave up), or whose check could not read the input's rows (its marker not
 * there yet, say), leaves the prepare step to load the model itself. On the benchmark
 * model the load (XGBoost4J's booster, the equivalence check, the first rows) was about
 * 0.2 s of the prepare step's 0.3 s. Thread-safe.
 */
public final class ModelPreload implements AutoCloseable {

	private final String model;

	private final String version;

	private final ScoringEngineChoice engine;

	private final Configuration configuration;

	private final String input;

	private final String idColumn;

	private final String requireMarker;

	private final CompletableFuture<ScoringModel> loaded = new CompletableFuture<>();

	/** The load's log lines, written when the run takes the model. */
	private final LoadLog log = LoadLog.deferred();

	private volatile boolean handedOver;

	/**
	 * The model of a run with these options.
	 * @param model the {@code --model} argument, as the run's parameters hold it
	 * @param version the {@code --model-version}, or {@code null}
	 * @param engine the {@code --engine} option
	 * @param configuration the file systems' configuration (with the run's
	 * {@code --hadoop-property} values)
	 * @param requireMarker the {@code --require-marker} file name, or {@code null}
	 */
	public ModelPreload(String model, String version, String engine, Configuration configuration, String input,
			String idColumn, String requireMarker) {
		this.model = model;
		this.version = version;
		this.engine = ScoringEngineChoice.parse(engine);
		this.configuration = configuration;
		this.input = input;
		this.idColumn = idColumn;
		this.requireMarker = requireMarker;
	}

	/**
	 * Load the model on the calling thread. Never throws: a failure is kept for the run.
	 */
	public void load() {
		try {
			InputResolver inputs = new InputResolver(this.configuration);
			Path file = new ModelFiles(this.configuration).localCopy(this.model);
			AtomicBoolean asked = new AtomicBoolean();
			AtomicBoolean resolved = new AtomicBoolean();
			ScoringModel model = ScoringModel.load(file, this.version, this.engine, (features) -> {
				asked.set(true);
				return FirstRows.ofInput(inputs, this.input, this.idColumn, this.requireMarker, features,
						PrepareRunTasklet.PROBE_INPUT_ROWS, (snapshot) -> resolved.set(true));
			}, this.log);
			if (asked.get() && !resolved.get()) {
				// checked without the input's rows (no marker yet, say): the prepare step
				// checks it again once the input is there
				model.close();
				this.log.discard();
				this.loaded.complete(null);
				return;
			}
			this.loaded.complete(model);
		}
		catch (RuntimeException | Error ex) {
			this.loaded.completeExceptionally(ex);
		}
	}

	/**
	 * Leave the model to the run to load, unless it is loaded or failed already: the
	 * warm-up did not get to it.
	 */
	public void skip() {
		this.loaded.complete(null);
	}

	/**
	 * Hand the model, loaded or still loading, to the run's cache, which then owns it.
	 */
	public void handTo(ModelCache cache) {
		this.handedOver = true;
		cache.adopt(this.model, this.version, this.engine, this.loaded, this.log::flush);
	}

	/** Close the model once loaded, unless a cache took it. */
	@Override
	public void close() {
		if (!this.handedOver) {
			this.loaded.thenAccept((model) -> {
				if (model != null) {
					model.close();
				}
			});
		}
	}

}
