package io.nightscore.monitoring;

import java.util.Arrays;

/**
 * Counts of one variable's values in bins cut at fixed edges, plus a null bin, its
 * minimum and maximum: what a feature or a score distribution is reduced to for the drift
 * checks.
 *
 * <p>
 * With edges {@code e1 < ... < ek} there are {@code k + 1} bins: below {@code e1},
 * {@code [e_i, e_(i+1))}, and from {@code ek} up, PostgreSQL's
 * {@code width_bucket(v, edges)}. Adding a value counts the edges at or below it
 * (branch-free; a binary search beyond 32 edges): no sort. Not thread-safe: one per
 * partition, merged at the end.
 */
public final class Histogram {

	/** The probabilities at which quantiles are stored, everywhere. */
	public static final double[] QUANTILE_PROBABILITIES = { 0.05, 0.25, 0.5, 0.75, 0.95 };

	/** The number of bins a profile cuts a variable into (plus the null bin). */
	public static final int DEFAULT_BINS = 10;

	/** Up to this many edges a value is binned by counting the edges at or below it. */
	private static final int LINEAR_BINNING_EDGES = 32;

	private final double[] edges;

	private final long[] counts;

	private long nullCount;

	private double min = Double.POSITIVE_INFINITY;

	private double max = Double.NEGATIVE_INFINITY;

	/** An empty histogram over the given ascending, distinct edges. */
	public Histogram(double[] edges) {
		this(edges, new long[edges.length + 1], 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
	}

	/** A histogram with known counts, e.g. read back from the database. */
	public Histogram(double[] edges, long[] counts, long nullCount, double min, double max) {
		for (int i = 1; i < edges.length; i++) {
			if (!(edges[i] > edges[i - 1])) {
				throw new IllegalArgumentException("Histogram edges must ascend strictly: " + Arrays.toString(edges));
			}
		}
		if (counts.length != edges.length + 1) {
			throw new IllegalArgumentException(
					edges.length + " edges need " + (edges.length + 1) + " counts, not " + counts.length);
		}
		this.edges = edges.clone();
		this.counts = counts.clone();
		this.nullCount = nullCount;
		this.min = min;
		this.max = max;
	}

	/**
	 * The edges that cut sorted values into {@code bins} bins of (about) equal counts:
	 * the distinct values at the {@code i / bins} quantiles. Fewer edges when values
	 * repeat (a boolean has one).
	 * @param sorted the non-null values, ascending
	 */
	public static double[] quantileEdges(float[] sorted, int count, int bins) {
		double[] edges = new double[bins - 1];
		int n = 0;
		for (int i = 1; i < bins && count > 0; i++) {
			double edge = sorted[(int) Math.min(count - 1, (long) count * i / bins)];
			if (n == 0 || edge > edges[n - 1]) {
				edges[n++] = edge;
			}
		}
		if (n == 0 && count > 0) {
			edges[n++] = sorted[0];
		}
		return Arrays.copyOf(edges, n);
	}

	/** Count one value; {@code NaN} is a null. */
	public void add(float value) {
		if (Float.isNaN(value)) {
			this.nullCount++;
			return;
		}
		this.counts[bin(value)]++;
		if (value < this.min) {
			this.min = value;
		}
		if (value > this.max) {
			this.max = value;
		}
	}

	/** Add another histogram's counts, over the same edges, to this one. */
	public void merge(Histogram other) {
		if (!Arrays.equals(this.edges, other.edges)) {
			throw new IllegalArgumentException("Cannot merge histograms over different edges");
		}
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] += other.counts[i];
		}
		this.nullCount += other.nullCount;
		this.min = Math.min(this.min, other.min);
		this.max = Math.max(this.max, other.max);
	}

	/**
	 * The population stability index of this distribution against {@code expected} over
	 * the same edges, null bin included: {@code sum((a - e) * ln(a / e))} over the bins'
	 * shares, an empty bin counting as a share of {@value Psi#EMPTY_SHARE}.
	 * @return the PSI, or {@code NaN} when the edges differ or either side is empty
	 */
	public double psi(Histogram expected) {
		if (!Arrays.equals(this.edges, expected.edges)) {
			return Double.NaN;
		}
		return Psi.of(withNulls(), expected.withNulls());
	}

	/**
	 * The values at {@link #QUANTILE_PROBABILITIES}, interpolated linearly within bins
	 * (the outer bins reach to the minimum and maximum); NaN when there are no values.
	 */
	public double[] quantiles() {
		long total = Arrays.stream(this.counts).sum();
		double[] result = new double[QUANTILE_PROBABILITIES.length];
		for (int q = 0; q < result.length; q++) {
			result[q] = (total == 0) ? Double.NaN : quantile(QUANTILE_PROBABILITIES[q] * total);
		}
		return result;
	}

	public double[] edges() {
		return this.edges.clone();
	}

	/**
	 * The counts as one line, {@code c0,c1,...;nulls;min;max}, for an execution context:
	 * {@link #decode} reads it back over the same edges.
	 */
	public String encode() {
		StringBuilder line = new StringBuilder();
		for (long count : this.counts) {
			line.append((line.length() > 0) ? "," : "").append(count);
		}
		return line + ";" + this.nullCount + ";" + this.min + ";" + this.max;
	}

	/** The histogram over {@code edges} whose counts {@link #encode} wrote. */
	public static Histogram decode(double[] edges, String line) {
		String[] parts = line.split(";");
		long[] counts = Arrays.stream(parts[0].split(",")).mapToLong(Long::parseLong).toArray();
		return new Histogram(edges, counts, Long.parseLong(parts[1]), Double.parseDouble(parts[2]),
				Double.parseDouble(parts[3]));
	}

	public long[] counts() {
		return this.counts.clone();
	}

	public long nullCount() {
		return this.nullCount;
	}

	/** Values counted, nulls included. */
	public long rows() {
		return Arrays.stream(this.counts).sum() + this.nullCount;
	}

	public double nullRate() {
		long rows = rows();
		return (rows == 0) ? 0 : (double) this.nullCount / rows;
	}

	public double min() {
		return this.min;
	}

	public double max() {
		return this.max;
	}

	private int bin(float value) {
		if (this.edges.length <= LINEAR_BINNING_EDGES) {
			// branch-free: the score step bins every feature of every row, and a binary
			// search over ten edges mispredicts on most of its steps
			int bin = 0;
			for (double edge : this.edges) {
				bin += (value >= edge) ? 1 : 0;
			}
			return bin;
		}
		int low = 0;
		int high = this.edges.length;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (value >= this.edges[middle]) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	private long[] withNulls() {
		long[] all = Arrays.copyOf(this.counts, this.counts.length + 1);
		all[this.counts.length] = this.nullCount;
		return all;
	}

	private double quantile(double rank) {
		double seen = 0;
		for (int i = 0; i < this.counts.length; i++) {
			if (this.counts[i] > 0 && seen + this.counts[i] >= rank) {
				double low = (i == 0) ? this.min : Math.max(this.min, this.edges[i - 1]);
				double high = (i == this.edges.length) ? this.max : Math.min(this.max, this.edges[i]);
				return low + (high - low) * (rank - seen) / this.counts[i];
			}
			seen += this.counts[i];
		}
		return this.max;
	}

}
