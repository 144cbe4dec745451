package io.nightscore.input;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * The heap buffers one file's parquet-java reader reads its column chunks into, handed
 * out again once the reader releases them (when {@link ColumnCursor} closes a window's
 * pages) instead of left to the collector. A window's compressed pages (about 100,000
 * rows of every projected column: 3-4 MB of the benchmark's files) live for several
 * chunks, so they outlived young collections, were promoted and filled the old generation
 * with dead windows: the 5M-row benchmark's peak RSS grew with the input instead of
 * staying at the 1M-row run's. Reused, they are promoted once and stay.
 *
 * <p>
 * A request takes the smallest free buffer that holds it, its limit set to the request; a
 * new buffer gets an eighth more room, rounded up to 4 KiB, so that the next window's
 * slightly larger ranges fit. At most {@code maxRetainedBytes} of released buffers are
 * kept, the smallest dropped first. A second release of a buffer already free is ignored,
 * so that it is never handed out twice. The pool holds no buffer it has handed out: one
 * never released (parquet-java's vectored reads, with
 * {@code parquet.hadoop.vectored.io.enabled}, release nothing) is left to the collector.
 * Only parquet-java's reader releases into it, and its releasers hand back only what they
 * allocated here. Thread-safe: the reader may be used and closed on different threads
 * ({@link PrefetchingReader}).
 */
final class ReadBufferPool implements ByteBufferAllocator {

	/**
	 * Released bytes kept for reuse unless said otherwise: a window of the benchmark's
	 * files is 3-4 MB, a file without a page index is read in pieces of 8 MB.
	 */
	static final long DEFAULT_MAX_RETAINED_BYTES = 32L << 20;

	private static final int ALIGNMENT = 4096;

	private final long maxRetainedBytes;

	private final List<ByteBuffer> free = new ArrayList<>();

	private long retainedBytes;

	private long created;

	private long allocations;

	ReadBufferPool() {
		this(DEFAULT_MAX_RETAINED_BYTES);
	}

	ReadBufferPool(long maxRetainedBytes) {
		if (maxRetainedBytes < 0) {
			throw new IllegalArgumentException("maxRetainedBytes must not be negative: " + maxRetainedBytes);
		}
		this.maxRetainedBytes = maxRetainedBytes;
	}

	@Override
	public synchronized ByteBuffer allocate(int size) {
		if (size < 0) {
			throw new IllegalArgumentException("a buffer of " + size + " bytes was asked for");
		}
		this.allocations++;
		ByteBuffer buffer = takeFree(size);
		if (buffer == null) {
			buffer = ByteBuffer.allocate(capacityFor(size));
			this.created++;
		}
		buffer.clear().limit(size);
		return buffer;
	}

	@Override
	public synchronized void release(ByteBuffer buffer) {
		if (buffer.isDirect() || buffer.isReadOnly() || buffer.capacity() > this.maxRetainedBytes || isFree(buffer)) {
			return;
		}
		this.free.add(buffer);
		this.retainedBytes += buffer.capacity();
		while (this.retainedBytes > this.maxRetainedBytes) {
			// by index: a ByteBuffer's equals compares contents, not identity
			this.retainedBytes -= this.free.remove(smallestFree()).capacity();
		}
	}

	@Override
	public boolean isDirect() {
		return false;
	}

	/** How many buffers were asked for. */
	synchronized long allocations() {
		return this.allocations;
	}

	/** How many of them were new from the heap, not reused. */
	synchronized long created() {
		return this.created;
	}

	private ByteBuffer takeFree(int size) {
		int best = -1;
		for (int i = 0; i < this.free.size(); i++) {
			int capacity = this.free.get(i).capacity();
			if (capacity >= size && (best < 0 || capacity < this.free.get(best).capacity())) {
				best = i;
			}
		}
		if (best < 0) {
			return null;
		}
		ByteBuffer buffer = this.free.remove(best);
		this.retainedBytes -= buffer.capacity();
		return buffer;
	}

	private boolean isFree(ByteBuffer buffer) {
		for (ByteBuffer free : this.free) {
			if (free == buffer) {
				return true;
			}
		}
		return false;
	}

	private int smallestFree() {
		int smallest = 0;
		for (int i = 1; i < this.free.size(); i++) {
			if (this.free.get(i).capacity() < this.free.get(smallest).capacity()) {
				smallest = i;
			}
		}
		return smallest;
	}

	/** The capacity of a new buffer for {@code size} bytes. */
	static int capacityFor(int size) {
		long roomy = size + size / 8L;
		long aligned = (roomy + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
		return (int) Math.max(size, Math.min(aligned, Integer.MAX_VALUE - 16));
	}

}
