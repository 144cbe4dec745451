package io.nightscore.scoring;

/**
 * One model made ready to explain by one engine: a factory for the {@link Explainer}s of
 * the threads that explain with it (the batch's scoring threads, an online endpoint's
 * request threads).
 *
 * <p>
 * Thread-safe. Closing it frees what no open explainer holds.
 */
public interface ExplainingEngine extends AutoCloseable {

	/** An explainer for the calling thread, to be closed by that thread. */
	Explainer newExplainer();

	@Override
	void close();

}
