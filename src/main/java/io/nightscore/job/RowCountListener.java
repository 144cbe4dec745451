package io.nightscore.job;

import io.nightscore.scoring.ScoredBlock;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Makes the score partitions' read and write counts count rows, as operators expect,
 * although Spring Batch counts items and an item of this step is a whole
 * {@link ScoredBlock}.
 *
 * <p>
 * After a chunk is written it adds each block's rows but one to the step's counts (Spring
 * Batch adds the one itself when it applies the chunk's contribution). A chunk that rolls
 * back has its write count restored by Spring Batch with everything else. Stateless and
 * thread-safe: it works on the calling thread's step execution.
 */
final class RowCountListener implements ItemWriteListener<ScoredBlock> {

	@Override
	public void afterWrite(Chunk<? extends ScoredBlock> blocks) {
		long extraRows = 0;
		for (ScoredBlock block : blocks) {
			extraRows += block.rows() - 1;
		}
		StepExecution step = StepSynchronizationManager.getContext().getStepExecution();
		step.setReadCount(step.getReadCount() + extraRows);
		step.setWriteCount(step.getWriteCount() + extraRows);
	}

}
