package io.nightscore.job;

import io.nightscore.scoring.compiled.ScoringEngineChoice;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the score step runs: rows per chunk (one transaction, one XGBoost call) and scoring
 * threads. The {@code score} command sets both from its options.
 *
 * @param chunkSize rows per chunk
 * @param threads partitions scored at once, each with its own XGBoost Booster
 * @param engine {@code auto}, {@code compiled} or {@code xgboost} ({@code --engine})
 */
@ConfigurationProperties("nightscore.scoring")
public record ScoringProperties(Integer chunkSize, Integer threads, String engine) {

	/**
	 * Rows per chunk unless {@code --chunk-size} says otherwise. Fewer, larger chunks
	 * save each chunk's transaction, COPY statement and saved state: the score step of
	 * the shared 1M-row benchmark took 2.78-3.46 s (median 2.97 of 10 runs) with chunks
	 * of 25,000 rows against 3.07-3.50 s (median 3.18 of 7) with 10,000, and 50,000 were
	 * no faster. A chunk's block and COPY payload are a few MB per thread, small beside
	 * the readers' page windows.
	 */
	public static final int DEFAULT_CHUNK_SIZE = 25_000;

	public ScoringProperties {
		chunkSize = (chunkSize != null) ? chunkSize : DEFAULT_CHUNK_SIZE;
		threads = (threads != null) ? threads : Runtime.getRuntime().availableProcessors();
		engine = (engine != null) ? ScoringEngineChoice.parse(engine).option() : ScoringEngineChoice.AUTO.option();
		if (chunkSize < 1 || threads < 1) {
			throw new IllegalArgumentException("Chunk size and threads must be at least 1");
		}
	}

}
