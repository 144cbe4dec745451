package io.nightscore.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Scores written as little-endian floats to files ({@link CommittedScores}), read back to
 * find the values at given ranks of their ascending order without sorting them or holding
 * them: a radix selection on each float's order-preserving 32-bit key, one pass counting
 * the keys by their high 16 bits, one counting, within the buckets the ranks fall in, by
 * their low 16 bits. Memory: 256 KiB and as much again per bucket a rank falls in.
 */
final class ScoreFiles {

	private static final int BUCKETS = 1 << 16;

	private final List<Path> files;

	private final long count;

	/**
	 * @param files the files, together holding {@code count} scores
	 */
	ScoreFiles(List<Path> files, long count) {
		if (count < 1 || count > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("Cannot select among " + count + " scores");
		}
		this.files = files;
		this.count = count;
	}

	/**
	 * PostgreSQL's {@code percentile_cont(levels)} over the scores, in its arithmetic:
	 * the values at rows {@code floor} and {@code ceil} of {@code level * (n - 1)} of the
	 * sorted scores, interpolated as {@code lo + fraction * (hi - lo)}.
	 */
	double[] quantiles(double[] levels) throws IOException {
		long[] ranks = new long[2 * levels.length];
		for (int i = 0; i < levels.length; i++) {
			double position = levels[i] * (this.count - 1);
			ranks[2 * i] = (long) Math.floor(position);
			ranks[2 * i + 1] = (long) Math.ceil(position);
		}
		float[] values = valuesAt(ranks);
		double[] quantiles = new double[levels.length];
		for (int i = 0; i < levels.length; i++) {
			double lo = values[2 * i];
			double hi = values[2 * i + 1];
			double position = levels[i] * (this.count - 1);
			quantiles[i] = (ranks[2 * i] == ranks[2 * i + 1]) ? lo
					: lo + ((position - Math.floor(position)) * (hi - lo));
		}
		return quantiles;
	}

	/** The scores at 0-based {@code ranks} of their ascending order. */
	float[] valuesAt(long[] ranks) throws IOException {
		int[] high = new int[BUCKETS];
		forEachKey((key) -> high[key >>> 16]++);
		// each rank's bucket, and its rank among the bucket's keys
		int[] bucket = new int[ranks.length];
		long[] within = new long[ranks.length];
		int[] lowOf = new int[BUCKETS];
		Arrays.fill(lowOf, -1);
		int buckets = 0;
		for (int r = 0; r < ranks.length; r++) {
			if (ranks[r] < 0 || ranks[r] >= this.count) {
				throw new IllegalArgumentException("Rank " + ranks[r] + " of " + this.count + " scores");
			}
			long before = 0;
			int b = 0;
			while (before + high[b] <= ranks[r]) {
				before += high[b++];
			}
			bucket[r] = b;
			within[r] = ranks[r] - before;
			if (lowOf[b] < 0) {
				lowOf[b] = buckets++;
			}
		}
		int[][] low = new int[buckets][BUCKETS];
		forEachKey((key) -> {
			int slot = lowOf[key >>> 16];
			if (slot >= 0) {
				low[slot][key & 0xffff]++;
			}
		});
		float[] values = new float[ranks.length];
		for (int r = 0; r < ranks.length; r++) {
			int[] counts = low[lowOf[bucket[r]]];
			long before = 0;
			int l = 0;
			while (before + counts[l] <= within[r]) {
				before += counts[l++];
			}
			values[r] = value((bucket[r] << 16) | l);
		}
		return values;
	}

	/**
	 * A float's key: an int whose unsigned order is the float's order (negative floats'
	 * magnitude bits flipped, then the sign bit).
	 */
	static int key(float value) {
		int bits = Float.floatToRawIntBits(value);
		return (bits ^ ((bits >> 31) & 0x7fffffff)) ^ 0x80000000;
	}

	/** The float whose {@link #key} is {@code key}. */
	static float value(int key) {
		int ordered = key ^ 0x80000000;
		return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
	}

	private void forEachKey(IntConsumer action) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
		long read = 0;
		for (Path file : this.files) {
			try (FileChannel channel = FileChannel.open(file)) {
				buffer.clear();
				while (channel.read(buffer) >= 0) {
					buffer.flip();
					while (buffer.remaining() >= Float.BYTES) {
						action.accept(key(buffer.getFloat()));
						read++;
					}
					buffer.compact();
				}
				if (buffer.position() != 0) {
					throw new IOException(file + " ends inside a score");
				}
			}
		}
		if (read != this.count) {
			throw new IOException("Read " + read + " scores where " + this.count + " were written");
		}
	}

}
