package io.nightscore.job;

import java.util.Collection;

import io.nightscore.ContractException;
import io.nightscore.Failures;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.step.StepExecution;

/**
 * Aggregates remote partitions into the manager's score step as a local run does, and
 * turns each failed partition's exit description (all a worker leaves in the job
 * repository of why it failed) into a failure of the manager step: a contract failure (a
 * bad row group, a changed model file) stays a contract failure, exit 2, and anything
 * else says which partition failed and why. Stateless and thread-safe.
 */
final class WorkerFailureAggregator implements StepExecutionAggregator {

	private final StepExecutionAggregator delegate = new ScoreStepConfiguration.FailureReportingAggregator();

	@Override
	public void aggregate(StepExecution result, Collection<StepExecution> executions) {
		this.delegate.aggregate(result, executions);
		for (StepExecution partition : executions) {
			if (partition.getStatus() == BatchStatus.FAILED && partition.getFailureExceptions().isEmpty()) {
				result.addFailureException(failureOf(partition));
			}
		}
	}

	static RuntimeException failureOf(StepExecution partition) {
		String description = Failures.firstLine(partition.getExitStatus().getExitDescription());
		String contract = ContractException.class.getName() + ": ";
		if (description.startsWith(contract)) {
			return new ContractException(description.substring(contract.length()));
		}
		int colon = description.indexOf(": ");
		String reason = (description.startsWith("java.") || description.startsWith("org.")
				|| description.startsWith("io.")) && colon > 0 ? description.substring(colon + 2) : description;
		return new IllegalStateException(
				partition.getStepName() + " failed on a worker: " + (reason.isBlank() ? "no reason recorded" : reason));
	}

}
