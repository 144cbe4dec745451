package io.nightscore.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.nightscore.output.PredictionWriter.RowRange;
import io.nightscore.scoring.ScoredBlock;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The scores a run's partitions committed in this process, kept so that the finalize step
 * computes the run's {@link RunStatistics} without a scan and a sort of the run's table
 * in PostgreSQL beside its index build, where both compete for the database's cores (on
 * 5M rows the finalize step took a second less; see {@code bench/MEASUREMENTS.md}).
 *
 * <p>
 * A partition's writer adds a chunk's scores once the chunk's transaction has committed
 * ({@link TransactionSynchronization#afterCommit}), so a chunk that rolled back adds
 * nothing and a chunk written again is counted once. The statistics come from here only
 * when the partitions kept cover every row of the run's input, each written here from its
 * first row to its last; a partition that resumed from a position an earlier process
 * saved, ran in another process (a remote worker), or could not be kept leaves the run to
 * PostgreSQL's query, as before. Either way the figures are the same: the counts and the
 * quantiles exactly (found by {@link ScoreFiles#valuesAt a radix selection} and
 * interpolated as {@code percentile_cont} does), the mean to the rounding of a sum in
 * another order.
 *
 * <p>
 * Memory and disk: the counts, the sum and 4 bytes per scored row, written to a file in
 * the temporary directory ({@code java.io.tmpdir}) rather than kept on the heap, so that
 * the heap still grows with the chunk and not with the input; at most a sixteenth of the
 * heap's size in all (32 MiB, 8M rows, under {@code -Xmx512m}): a partition beyond that
 * is not kept. Files live from a partition's start to the end of its job
 * ({@link #forget}); those of a process that was killed are deleted by the next one
 * (their names carry the process id). Thread-safe.
 */
public final class CommittedScores {

	/** The share of the heap's size the kept scores may take on disk: a sixteenth. */
	static final int HEAP_SHARE = 16;

	/** Files are named {@code nightscore-scores-<pid>-run<id>-<random>.f32}. */
	static final String FILE_PREFIX = "nightscore-scores-";

	static final String FILE_SUFFIX = ".f32";

	private final boolean enabled;

	private final AtomicLong budget;

	private final Map<Long, Map<RowRange, Partition>> runs = new ConcurrentHashMap<>();

	/**
	 * Whether the orphans are deleted yet: at the first partition kept, not when the
	 * context starts (every command's context has this bean; few keep scores).
	 */
	private final AtomicBoolean orphansDeleted = new AtomicBoolean();

	/**
	 * @param enabled {@code false} where no finalize step runs in this process (a remote
	 * worker): nothing is kept
	 */
	public CommittedScores(boolean enabled) {
		this(enabled, Runtime.getRuntime().maxMemory() / HEAP_SHARE / Float.BYTES);
	}

	CommittedScores(boolean enabled, long budgetRows) {
		this.enabled = enabled;
		this.budget = new AtomicLong(budgetRows);
	}

	/**
	 * Delete the files of processes that ended without deleting their own (killed): their
	 * names carry the process id.
	 */
	private static void deleteOrphans() {
		Path directory = Path.of(System.getProperty("java.io.tmpdir"));
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILE_PREFIX + "*" + FILE_SUFFIX)) {
			for (Path file : files) {
				if (orphan(file.getFileName().toString())) {
					Files.deleteIfExists(file);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// left for the directory's own cleaning
		}
	}

	/** Whether a file so named belongs to a process that no longer runs. */
	static boolean orphan(String name) {
		int end = name.indexOf('-', FILE_PREFIX.length());
		if (end <= FILE_PREFIX.length() || end - FILE_PREFIX.length() > 18) {
			return false;
		}
		String pid = name.substring(FILE_PREFIX.length(), end);
		return pid.chars().allMatch((c) -> c >= '0' && c <= '9') && ProcessHandle.of(Long.parseLong(pid)).isEmpty();
	}

	/**
	 * Start keeping the scores of a partition's writer; replaces what an earlier attempt
	 * at the same rows kept.
	 * @param fromFirstRow whether the writer starts at the range's first row, with none
	 * of its rows committed before
	 * @return where the writer adds its chunks' scores
	 */
	public Partition start(long runId, RowRange range, boolean fromFirstRow) {
		if (this.enabled && this.orphansDeleted.compareAndSet(false, true)) {
			deleteOrphans();
		}
		Partition partition = new Partition(runId, range,
				this.enabled && fromFirstRow && reserve(range.endRow() - range.firstRow()));
		Partition replaced = this.runs.computeIfAbsent(runId, (id) -> new ConcurrentHashMap<>()).put(range, partition);
		if (replaced != null) {
			replaced.release();
		}
		return partition;
	}

	/**
	 * The run's statistics from the scores kept here, or {@code null} when they do not
	 * cover every row of its input, or cannot be read back.
	 * @param inputRows the rows of the run's input
	 * @param rejected the rows rejected, as {@code scoring_reject} counts them
	 */
	public RunStatistics statistics(long runId, long inputRows, long rejected) {
		Map<RowRange, Partition> partitions = this.runs.get(runId);
		if (partitions == null) {
			return null;
		}
		List<Partition> kept = new ArrayList<>(partitions.values());
		long covered = 0;
		long scored = 0;
		double sum = 0;
		long high = 0;
		long medium = 0;
		List<Path> files = new ArrayList<>();
		for (Partition partition : kept) {
			synchronized (partition) {
				if (!partition.complete()) {
					return null;
				}
				covered += partition.range.endRow() - partition.range.firstRow();
				scored += partition.count;
				sum += partition.sum;
				high += partition.high;
				medium += partition.medium;
				files.add(partition.file);
			}
		}
		if (covered != inputRows || scored + rejected != inputRows) {
			return null;
		}
		double[] quantiles = null;
		if (scored > 0) {
			try {
				quantiles = new ScoreFiles(files, scored).quantiles(RunStatistics.QUANTILE_LEVELS);
			}
			catch (IOException ex) {
				return null;
			}
		}
		return new RunStatistics(scored, rejected, (scored > 0) ? sum / scored : 0, high, medium,
				scored - high - medium, quantiles);
	}

	/** Drop what is kept for the run: its files, and their share of the budget. */
	public void forget(long runId) {
		Map<RowRange, Partition> partitions = this.runs.remove(runId);
		if (partitions != null) {
			partitions.values().forEach(Partition::release);
		}
	}

	private boolean reserve(long rows) {
		long left = this.budget.addAndGet(-rows);
		if (left < 0) {
			this.budget.addAndGet(rows);
			return false;
		}
		return true;
	}

	/**
	 * One writer's committed scores, in the order its chunks committed: counted, summed
	 * and written to a file of its own. Written by that writer's thread, read by the
	 * finalize step once the writer's step has ended.
	 */
	public final class Partition {

		private final RowRange range;

		private Path file;

		private FileChannel channel;

		private ByteBuffer buffer = ByteBuffer.allocate(0);

		private long count;

		private double sum;

		private long high;

		private long medium;

		/** The 1-based number of the last row committed, 0 before the first chunk. */
		private long committedLastRow;

		private boolean kept;

		private Partition(long runId, RowRange range, boolean reserved) {
			this.range = range;
			if (reserved) {
				try {
					this.file = Files.createTempFile(FILE_PREFIX + ProcessHandle.current().pid() + "-run" + runId + "-",
							FILE_SUFFIX);
					this.channel = FileChannel.open(this.file, StandardOpenOption.WRITE);
					this.kept = true;
				}
				catch (IOException ex) {
					// no room on disk: the run counts in PostgreSQL, as without this
					release();
					CommittedScores.this.budget.addAndGet(range.endRow() - range.firstRow());
				}
			}
		}

		/**
		 * Add the scored rows of a block written in the current transaction, once (and
		 * only if) it commits. Without a transaction to follow, the partition stops being
		 * kept.
		 */
		public void add(ScoredBlock block) {
			synchronized (this) {
				if (!this.kept) {
					return;
				}
			}
			if (!TransactionSynchronizationManager.isSynchronizationActive()) {
				release();
				return;
			}
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					append(block);
				}
			});
		}

		/**
		 * Called after the commit: never throws, as the chunk it would fail has
		 * committed; what cannot be kept (a full disk; rows beyond the range, which no
		 * writer sends) ends the keeping.
		 */
		private synchronized void append(ScoredBlock block) {
			if (!this.kept) {
				return;
			}
			int scored = block.rows() - block.rejectedRows();
			if (this.count + scored > this.range.endRow() - this.range.firstRow()) {
				release();
				return;
			}
			if (this.buffer.capacity() < scored * Float.BYTES) {
				this.buffer = ByteBuffer.allocate(scored * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
			}
			this.buffer.clear();
			for (int row = 0; row < block.rows(); row++) {
				if (block.rejectReason(row) == null) {
					float score = block.score(row);
					this.buffer.putFloat(score);
					this.sum += score;
					RiskBand band = RiskBand.of(score);
					this.high += (band == RiskBand.HIGH) ? 1 : 0;
					this.medium += (band == RiskBand.MEDIUM) ? 1 : 0;
				}
			}
			this.buffer.flip();
			try {
				while (this.buffer.hasRemaining()) {
					this.channel.write(this.buffer);
				}
			}
			catch (IOException ex) {
				release();
				return;
			}
			this.count += scored;
			this.committedLastRow = block.lastRowNumber();
		}

		private synchronized boolean complete() {
			return this.kept && this.committedLastRow == this.range.endRow();
		}

		private synchronized void release() {
			if (this.kept) {
				this.kept = false;
				CommittedScores.this.budget.addAndGet(this.range.endRow() - this.range.firstRow());
			}
			this.buffer = ByteBuffer.allocate(0);
			try {
				if (this.channel != null) {
					this.channel.close();
				}
				if (this.file != null) {
					Files.deleteIfExists(this.file);
				}
			}
			catch (IOException ex) {
				// a temporary file left behind: the directory's own cleaning takes it
			}
			this.channel = null;
			this.file = null;
		}

	}

}
