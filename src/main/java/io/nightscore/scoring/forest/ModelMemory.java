package io.nightscore.scoring.forest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import io.nightscore.ContractException;

/**
 * Estimates the memory a run needs for its model and its threads' chunks, against the
 * JVM's maximum heap and the container's memory limit, before anything is loaded into
 * XGBoost or written: a model too large is refused, and too many threads for the memory
 * there is are lowered.
 *
 * <p>
 * The estimate, measured with XGBoost4J 3.0.4: a Booster holds about
 * {@value #BOOSTER_BYTES_PER_NODE} bytes per tree node outside the heap, and loading one
 * parses the whole file into a document of about {@value #LOAD_BYTES_PER_FILE_BYTE} times
 * the file's size (JSON; 1.5 times that for the denser UBJ). On the heap: the file's
 * bytes, about {@value #HEAP_BYTES_PER_NODE} bytes per node while reading the forest, the
 * compiled layout, and per thread a chunk of rows. With no readable cgroup limit the
 * container is taken to allow {@code max heap / 0.6} (the CronJob's
 * {@code -XX:MaxRAMPercentage=60}). Stateless.
 */
public final class ModelMemory {

	static final int BOOSTER_BYTES_PER_NODE = 150;

	static final int LOAD_BYTES_PER_FILE_BYTE = 8;

	static final int HEAP_BYTES_PER_NODE = 100;

	/** What the JVM itself needs outside the heap: metaspace, code, stacks, libraries. */
	static final long JVM_NATIVE = 160L << 20;

	/** What the application holds on the heap before any model or chunk. */
	static final long APPLICATION_HEAP = 96L << 20;

	private ModelMemory() {
	}

	/**
	 * What a model costs, as {@link #plan} weighs it.
	 *
	 * @param file the model file, for messages
	 * @param fileBytes its size
	 * @param ubj whether it is UBJ (denser than JSON, so more nodes per byte)
	 * @param trees its trees
	 * @param nodes its nodes over all trees
	 * @param features its features
	 * @param compiledSlots the compiled layout's slots, or -1 if XGBoost4J will score it
	 */
	public record ModelSize(Path file, long fileBytes, boolean ubj, int trees, long nodes, int features,
			long compiledSlots) {

		long boosterBytes() {
			return this.nodes * BOOSTER_BYTES_PER_NODE + (64L << 10);
		}

		long loadBytes() {
			return this.fileBytes * LOAD_BYTES_PER_FILE_BYTE * (this.ubj ? 3 : 2) / 2;
		}

		long heapBytes() {
			return 2 * this.fileBytes + this.nodes * HEAP_BYTES_PER_NODE
					+ Math.max(0, this.compiledSlots) * (Integer.BYTES + Float.BYTES);
		}

	}

	/** The container's memory limit (cgroup v2 or v1), if this process can read one. */
	public static OptionalLong containerLimit() {
		for (String file : new String[] { "/sys/fs/cgroup/memory.max",
				"/sys/fs/cgroup/memory/memory.limit_in_bytes" }) {
			try {
				String text = Files.readString(Path.of(file)).trim();
				if (!text.equals("max")) {
					long limit = Long.parseLong(text);
					if (limit > 0 && limit < (1L << 60)) {
						return OptionalLong.of(limit);
					}
				}
			}
			catch (IOException | NumberFormatException | SecurityException ex) {
				// not in a container, or not readable: try the next
			}
		}
		return OptionalLong.empty();
	}

	/**
	 * The threads the run can afford, at most {@code threads}.
	 * @param chunkSize rows per chunk, one chunk held per thread
	 * @param maxHeap the JVM's maximum heap ({@code Runtime.maxMemory()})
	 * @param containerLimit the container's limit, if known
	 * @throws MemoryRefusedException if not even one thread fits
	 */
	public static int affordableThreads(ModelSize model, int threads, int chunkSize, long maxHeap,
			OptionalLong containerLimit) {
		// without a readable container limit only the heap is checked: an assumed limit
		// must not refuse a run on a machine with memory to spare
		long limit = containerLimit.orElse(Long.MAX_VALUE);
		long perThreadHeap = (long) chunkSize * (model.features() * Float.BYTES * 3L + 160);
		for (int t = threads; t >= 1; t--) {
			if (heap(model, t, perThreadHeap) <= maxHeap && maxHeap + offHeap(model, t) <= limit) {
				return t;
			}
		}
		throw new MemoryRefusedException(String.format(java.util.Locale.ROOT,
				"nightscore would run out of memory (model %s: %d trees, %d nodes, and one thread's chunk of %d rows need"
						+ " about %d MiB of heap and %d MiB outside it, %d MiB per XGBoost Booster, %d MiB while XGBoost"
						+ " loads it; %s) with a maximum heap of %d MiB, 1 thread(s) and chunks"
						+ " of %d rows: give the JVM more memory (-Xmx, or the container's memory limit) or lower"
						+ " --threads or --chunk-size, then run the same command again",
				model.file(), model.trees(), model.nodes(), chunkSize, mib(heap(model, 1, perThreadHeap)),
				mib(offHeap(model, 1)), mib(model.boosterBytes()), mib(model.loadBytes()),
				containerLimit.isPresent() ? "the container's memory limit is " + mib(limit) + " MiB"
						: "no container memory limit is readable",
				mib(maxHeap), chunkSize));
	}

	private static long heap(ModelSize model, int threads, long perThreadHeap) {
		return APPLICATION_HEAP + model.heapBytes() + threads * perThreadHeap;
	}

	private static long offHeap(ModelSize model, int threads) {
		int boosters = (model.compiledSlots() >= 0) ? 1 : threads;
		return JVM_NATIVE + model.loadBytes() + boosters * model.boosterBytes();
	}

	private static long mib(long bytes) {
		return (bytes + (1 << 20) - 1) >> 20;
	}

	/**
	 * The run would not fit the JVM's memory even with one thread: refused before
	 * anything starts, with the out-of-memory exit code, since the fix is the same (more
	 * memory, fewer threads, smaller chunks).
	 */
	public static final class MemoryRefusedException extends ContractException {

		MemoryRefusedException(String message) {
			super(message);
		}

	}

}
