package io.nightscore.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.nightscore.output.PredictionWriter.RowRange;
import io.nightscore.scoring.ScoredBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The finalize step takes a run's statistics from the scores kept in memory only when
 * they are exactly the run's committed predictions: every row of the input, each
 * partition written here from its first row, each chunk counted once and only once
 * committed.
 */
class CommittedScoresTests {

	private static final long RUN = 7;

	private static final RowRange FIRST_HALF = new RowRange(0, 0, 4);

	private static final RowRange SECOND_HALF = new RowRange(0, 4, 8);

	/** Every instance a test made, for {@link #forgetEverything}. */
	private final List<CommittedScores> made = new ArrayList<>();

	@AfterEach
	void forgetEverything() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
		// the temporary files go
		this.made.forEach((kept) -> LongStream.rangeClosed(RUN, RUN + 5).forEach(kept::forget));
	}

	/** A run whose first half was written and committed here, from its first row on. */
	private CommittedScores firstHalfCommitted() {
		CommittedScores kept = committedScores(true, 100);
		commit(kept.start(RUN, FIRST_HALF, true), block(1, new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, null));
		return kept;
	}

	private CommittedScores committedScores(boolean enabled, long budgetRows) {
		CommittedScores kept = new CommittedScores(enabled, budgetRows);
		this.made.add(kept);
		return kept;
	}

	@Test
	void aRunWhosePartitionsCommittedEveryRowHereHasTheStatisticsOfItsScores() {
		CommittedScores kept = committedScores(true, 100);
		CommittedScores.Partition first = kept.start(RUN, FIRST_HALF, true);
		CommittedScores.Partition second = kept.start(RUN, SECOND_HALF, true);

		commit(first, block(1, new float[] { 0.9f, 0.1f }, null));
		commit(second, block(5, new float[] { 0.5f, 0.75f, 0.2f, 0.3f }, null));
		commit(first, block(3, new float[] { 0.4f, 0.6f }, new String[] { null, "feature x is NaN" }));

		RunStatistics statistics = kept.statistics(RUN, 8, 1);
		assertThat(statistics).isNotNull();
		assertThat(statistics.quantiles(RunStatistics.QUANTILE_LEVELS))
			.containsExactly(percentiles(0.9f, 0.1f, 0.4f, 0.5f, 0.75f, 0.2f, 0.3f));
		assertThat(statistics.meanScore()).isCloseTo(((double) 0.9f + 0.1f + 0.4f + 0.5f + 0.75f + 0.2f + 0.3f) / 7,
				within(1e-15));
		assertThat(statistics.scored()).isEqualTo(7);
		assertThat(statistics.rejected()).isEqualTo(1);
		assertThat(statistics.bands()).containsExactly(Map.entry("high", 2L), Map.entry("medium", 2L),
				Map.entry("low", 3L));
	}

	@Test
	void aChunkThatRolledBackIsNotCountedAndLeavesItsPartitionShort() {
		CommittedScores kept = committedScores(true, 100);
		CommittedScores.Partition first = kept.start(RUN, FIRST_HALF, true);
		commit(kept.start(RUN, SECOND_HALF, true), block(5, new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, null));
		commit(first, block(1, new float[] { 0.9f, 0.1f }, null));

		rollBack(first, block(3, new float[] { 0.4f, 0.6f }, null));
		assertThat(kept.statistics(RUN, 8, 0)).as("rows 3 and 4 never committed").isNull();

		// the chunk written again, and committed this time
		commit(first, block(3, new float[] { 0.4f, 0.6f }, null));
		assertThat(kept.statistics(RUN, 8, 0).scored()).isEqualTo(8);
	}

	@Test
	void aPartitionResumedFromASavedPositionLeavesTheStatisticsToTheTable() {
		CommittedScores kept = firstHalfCommitted();
		// its first rows were committed by an earlier process
		commit(kept.start(RUN, SECOND_HALF, false), block(7, new float[] { 0.7f, 0.8f }, null));

		assertThat(kept.statistics(RUN, 8, 0)).isNull();
	}

	@Test
	void aPartitionNotRunHereOrRowsNotCoveredLeaveTheStatisticsToTheTable() {
		CommittedScores kept = firstHalfCommitted();

		assertThat(kept.statistics(RUN, 8, 0)).as("the second half ran in a remote worker").isNull();
		assertThat(kept.statistics(RUN, 4, 1)).as("more rejects than the rows not scored").isNull();
		assertThat(kept.statistics(RUN + 1, 4, 0)).as("another run").isNull();
		assertThat(kept.statistics(RUN, 4, 0).scored()).isEqualTo(4);
	}

	@Test
	void anAttemptStartingAPartitionAfreshReplacesWhatAnEarlierOneKept() {
		CommittedScores kept = firstHalfCommitted();
		commit(kept.start(RUN, SECOND_HALF, true), block(5, new float[] { 0.9f, 0.9f }, null));
		// the attempt failed; the next, in the same process, finds the second half's
		// commit never confirmed, deletes its rows and starts it from its first row
		CommittedScores.Partition again = kept.start(RUN, SECOND_HALF, true);
		commit(again, block(5, new float[] { 0.5f, 0.6f, 0.7f, 0.8f }, null));

		RunStatistics statistics = kept.statistics(RUN, 8, 0);
		assertThat(statistics.scored()).isEqualTo(8);
		assertThat(statistics.quantiles(RunStatistics.QUANTILE_LEVELS))
			.containsExactly(percentiles(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f));
		assertThat(statistics.bands()).containsEntry("high", 2L).containsEntry("medium", 3L).containsEntry("low", 3L);
	}

	@Test
	void partitionsBeyondTheMemoryBudgetAreNotKeptAndForgettingGivesTheBudgetBack() {
		CommittedScores kept = committedScores(true, 6);
		commit(kept.start(RUN, FIRST_HALF, true), block(1, new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, null));
		commit(kept.start(RUN, SECOND_HALF, true), block(5, new float[] { 0.5f, 0.6f, 0.7f, 0.8f }, null));
		assertThat(kept.statistics(RUN, 8, 0)).as("4 + 4 rows over a budget of 6").isNull();

		kept.forget(RUN);
		commit(kept.start(RUN + 1, new RowRange(0, 0, 6), true),
				block(1, new float[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f }, null));
		assertThat(kept.statistics(RUN + 1, 6, 0).scored()).isEqualTo(6);
	}

	@Test
	void theScoresGoToTemporaryFilesThatForgettingTheRunDeletes() throws Exception {
		CommittedScores kept = committedScores(true, 100);
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		String prefix = "nightscore-scores-" + ProcessHandle.current().pid() + "-run" + (RUN + 5) + "-";
		commit(kept.start(RUN + 5, FIRST_HALF, true), block(1, new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, null));
		try (Stream<Path> files = Files.list(tmp)) {
			assertThat(files.filter((f) -> f.getFileName().toString().startsWith(prefix))).singleElement()
				.satisfies((f) -> assertThat(Files.size(f)).isEqualTo(16));
		}

		kept.forget(RUN + 5);

		try (Stream<Path> files = Files.list(tmp)) {
			assertThat(files.filter((f) -> f.getFileName().toString().startsWith(prefix))).isEmpty();
		}
	}

	@Test
	void theFilesOfAKilledProcessAreDeletedByTheNext() throws Exception {
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		// a process id no process has: above the kernel's maximum
		Path orphan = Files.createTempFile(tmp, "nightscore-scores-4194305-run3-", ".f32");
		Path mine = Files.createTempFile(tmp, "nightscore-scores-" + ProcessHandle.current().pid() + "-run3-", ".f32");
		try {
			CommittedScores kept = committedScores(true, 100);
			assertThat(orphan).as("not when the context starts").exists();

			kept.start(RUN, FIRST_HALF, true);

			assertThat(orphan).doesNotExist();
			assertThat(mine).as("a live process's").exists();
		}
		finally {
			Files.deleteIfExists(orphan);
			Files.deleteIfExists(mine);
		}
	}

	@Test
	void onlyFilesNamedForAProcessThatEndedAreOrphans() {
		assertThat(CommittedScores.orphan("nightscore-scores-4194305-run3-1.f32")).isTrue();
		assertThat(CommittedScores.orphan("nightscore-scores-" + ProcessHandle.current().pid() + "-run3-1.f32"))
			.isFalse();
		assertThat(CommittedScores.orphan("nightscore-scores--run3-1.f32")).isFalse();
		assertThat(CommittedScores.orphan("nightscore-scores-12x-run3-1.f32")).isFalse();
		assertThat(CommittedScores.orphan("nightscore-scores-99999999999999999999-run3-1.f32")).isFalse();
		assertThat(CommittedScores.orphan("nightscore-scores-4194305.f32")).isFalse();
	}

	@Test
	void aWorkerKeepsNothingAndNothingIsKeptWithoutATransactionToFollow() {
		CommittedScores worker = committedScores(false, 100);
		commit(worker.start(RUN, new RowRange(0, 0, 2), true), block(1, new float[] { 0.1f, 0.2f }, null));
		assertThat(worker.statistics(RUN, 2, 0)).isNull();

		CommittedScores kept = committedScores(true, 100);
		kept.start(RUN, new RowRange(0, 0, 2), true).add(block(1, new float[] { 0.1f, 0.2f }, null));
		assertThat(kept.statistics(RUN, 2, 0)).isNull();
	}

	/**
	 * The oracle: {@code percentile_cont} at every level, by a sort and PostgreSQL's
	 * formula (which {@code RunStatisticsIntegrationTests} holds to PostgreSQL itself).
	 */
	private static double[] percentiles(float... scores) {
		float[] sorted = scores.clone();
		Arrays.sort(sorted);
		return Arrays.stream(RunStatistics.QUANTILE_LEVELS).map((level) -> {
			double position = level * (sorted.length - 1);
			double lo = sorted[(int) Math.floor(position)];
			double hi = sorted[(int) Math.ceil(position)];
			return lo + ((position - Math.floor(position)) * (hi - lo));
		}).toArray();
	}

	/** Write {@code block} in a transaction that commits. */
	private static void commit(CommittedScores.Partition partition, ScoredBlock block) {
		List<TransactionSynchronization> synchronizations = write(partition, block);
		synchronizations.forEach(TransactionSynchronization::afterCommit);
		synchronizations.forEach((s) -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
	}

	/** Write {@code block} in a transaction that rolls back. */
	private static void rollBack(CommittedScores.Partition partition, ScoredBlock block) {
		write(partition, block).forEach((s) -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
	}

	private static List<TransactionSynchronization> write(CommittedScores.Partition partition, ScoredBlock block) {
		TransactionSynchronizationManager.initSynchronization();
		try {
			partition.add(block);
			return TransactionSynchronizationManager.getSynchronizations();
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	/** A block of file 0 from 1-based row {@code firstRowNumber} on. */
	private static ScoredBlock block(long firstRowNumber, float[] scores, String[] rejectReasons) {
		String[] ids = new String[scores.length];
		Arrays.setAll(ids, (i) -> "C" + (firstRowNumber + i));
		return new ScoredBlock(0, firstRowNumber, ids, scores, rejectReasons, null);
	}

}
