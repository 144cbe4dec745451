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

	public static final int DEFAULT_CHUNK_SIZE = 10_000;

	public ScoringProperties {
		chunkSize = (chunkSize != null) ? chunkSize : DEFAULT_CHUNK_SIZE;
		threads = (threads != null) ? threads : Runtime.getRuntime().availableProcessors();
		engine = (engine != null) ? ScoringEngineChoice.parse(engine).option() : ScoringEngineChoice.AUTO.option();
		if (chunkSize < 1 || threads < 1) {
			throw new IllegalArgumentException("Chunk size and threads must be at least 1");
		}
	}

}
