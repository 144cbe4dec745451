package io.nightscore.scoring.forest;

import java.nio.file.Path;
import java.util.OptionalLong;

import io.nightscore.ContractException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Weighing a model and the threads' chunks against the heap and the container's limit.
 */
class ModelMemoryTests {

	static final long MIB = 1 << 20;

	static final Path FILE = Path.of("/models/m.json");

	@Test
	void hundredThousandTreesUnderTheCronJobsHeapAreRefusedBeforeXgboostLoadsThem() {
		// 100,000 stumps: 300,000 nodes in about 60 MB of JSON, scored by XGBoost4J
		ModelMemory.ModelSize model = new ModelMemory.ModelSize(FILE, 60 * MIB, false, 100_000, 300_000, 20, -1);

		assertThatExceptionOfType(ModelMemory.MemoryRefusedException.class)
			.isThrownBy(() -> ModelMemory.affordableThreads(model, 2, 10_000, 614 * MIB, OptionalLong.of(1024 * MIB)))
			.withMessage("nightscore would run out of memory (model /models/m.json: 100000 trees, 300000 nodes, and one"
					+ " thread's chunk of 10000 rows need about 249 MiB of heap and 683 MiB outside it, 43 MiB per"
					+ " XGBoost Booster, 480 MiB while XGBoost loads it; the container's memory limit is 1024 MiB) with a maximum heap of 614 MiB, 1 thread(s) and chunks of 10000 rows:"
					+ " give the JVM more memory (-Xmx, or the container's memory limit) or lower --threads or"
					+ " --chunk-size, then run the same command again");
	}

	@Test
	void withoutAContainerLimitTheRefusalSaysNoneIsReadableNotThatItIsZero() {
		ModelMemory.ModelSize model = new ModelMemory.ModelSize(FILE, 2 * MIB, false, 300, 33_000, 20, 40_000);

		assertThatExceptionOfType(ModelMemory.MemoryRefusedException.class)
			.isThrownBy(
					() -> ModelMemory.affordableThreads(model, 2, Integer.MAX_VALUE, 6028 * MIB, OptionalLong.empty()))
			.withMessageContaining("; no container memory limit is readable) with a maximum heap of 6028 MiB,")
			.withMessageNotContaining("0 MiB)");
	}

	@Test
	void threadsAreLoweredToWhatTheBoostersLeaveRoomFor() {
		// 1,000,000 nodes: about 143 MiB per Booster, one per XGBoost4J thread
		ModelMemory.ModelSize model = new ModelMemory.ModelSize(FILE, 20 * MIB, false, 20_000, 1_000_000, 20, -1);

		int threads = ModelMemory.affordableThreads(model, 8, 10_000, 512 * MIB, OptionalLong.of(1536 * MIB));

		// off heap: 160 + 160 (load) + t × 143 MiB must fit 1024 MiB beside the heap
		assertThat(threads).isEqualTo(4);
	}

	@Test
	void theCompiledEngineNeedsOneBoosterWhateverTheThreads() {
		ModelMemory.ModelSize model = new ModelMemory.ModelSize(FILE, 20 * MIB, false, 20_000, 1_000_000, 20,
				2_000_000);

		assertThat(ModelMemory.affordableThreads(model, 8, 10_000, 512 * MIB, OptionalLong.of(1536 * MIB)))
			.isEqualTo(8);
	}

	@Test
	void chunksOfTooManyThreadsLowerTheThreadsToo() {
		ModelMemory.ModelSize model = new ModelMemory.ModelSize(FILE, 2 * MIB, false, 300, 33_000, 20, 40_000);

		// 1,000,000-row chunks of 20 features take about 381 MiB each
		assertThat(ModelMemory.affordableThreads(model, 4, 1_000_000, 1024 * MIB, OptionalLong.empty())).isEqualTo(2);
	}

}
