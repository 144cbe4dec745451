package io.nightscore.cli;

import java.nio.file.Path;

import io.nightscore.ContractException;
import io.nightscore.input.HadoopSettings;
import io.nightscore.input.ModelFiles;
import io.nightscore.scoring.LoadLog;
import io.nightscore.scoring.ModelArtifact;
import io.nightscore.scoring.compiled.CompiledSupport;
import io.nightscore.scoring.compiled.ScoringEngineChoice;
import io.nightscore.scoring.forest.Forest;
import io.nightscore.scoring.forest.ForestReader;
import io.nightscore.scoring.forest.ModelMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the model of a {@code score} request before the application starts, so that a
 * model that is broken or too large for the memory there is fails at once, with nothing
 * written: reads and checks it in plain Java ({@link ForestReader}) and weighs its memory
 * with the request's threads and chunk size ({@link ModelMemory}), lowering the threads,
 * with one log line, when fewer fit. Stateless.
 */
final class ModelCheck {

	private static final Logger logger = LoggerFactory.getLogger(ModelCheck.class);

	private ModelCheck() {
	}

	/**
	 * @param log where the line saying the threads were lowered goes (kept until Spring
	 * has set logging up, in the format asked for)
	 * @return the threads the run can afford, at most the request's
	 * @throws ContractException if the model is unusable or too large even for one thread
	 */
	static int affordableThreads(RunRequest request, LoadLog log) {
		// a model on S3 or HDFS is checked in its local copy
		Path file = new ModelFiles(HadoopSettings.configuration(request.input().hadoopProperties()))
			.localCopy(request.model().file());
		byte[] bytes = ModelArtifact.read(file);
		Forest forest = ForestReader.read(file, bytes);
		long maxHeap = Runtime.getRuntime().maxMemory();
		boolean compiled = !request.model().engine().equals(ScoringEngineChoice.XGBOOST.option())
				&& CompiledSupport.whyNot(forest, maxHeap) == null;
		boolean ubj = bytes.length > 1 && bytes[0] == '{' && bytes[1] != '"' && !Character.isWhitespace(bytes[1]);
		ModelMemory.ModelSize size = new ModelMemory.ModelSize(file, bytes.length, ubj, forest.trees().size(),
				forest.totalNodes(), forest.numFeature(), compiled ? CompiledSupport.slots(forest) : -1);
		int threads = ModelMemory.affordableThreads(size, request.scoring().threads(), request.scoring().chunkSize(),
				maxHeap, ModelMemory.containerLimit());
		if (threads < request.scoring().threads()) {
			log.warn(logger,
					"Scoring with {} threads instead of {}: model {} ({} trees, {} nodes) and {} threads' chunks"
							+ " of {} rows would not fit the {} MiB heap and the memory limit",
					threads, request.scoring().threads(), file, forest.trees().size(), forest.totalNodes(),
					request.scoring().threads(), request.scoring().chunkSize(), maxHeap >> 20);
		}
		return threads;
	}

}
