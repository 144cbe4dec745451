package io.nightscore.job;

import java.nio.charset.StandardCharsets;

import io.nightscore.ContractException;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PartitionRequestCodecTests {

	@Test
	void aRequestSurvivesTheQueueAsReadableJson() {
		String text = PartitionRequestCodec.encode(new StepExecutionRequest("scorePartition", 42));

		StepExecutionRequest request = PartitionRequestCodec.decode(text);

		assertThat(text).contains("\"stepName\":\"scorePartition\"").contains("\"stepExecutionId\":42");
		assertThat(request.getStepName()).isEqualTo("scorePartition");
		assertThat(request.getStepExecutionId()).isEqualTo(42L);
	}

	@Test
	void aMessageThatIsNotARequestIsRefusedWithWhatItWas() {
		assertThatIllegalArgumentException().isThrownBy(() -> PartitionRequestCodec.decode("{\"hello\":1}"))
			.withMessage("Not a nightscore partition request: {\"hello\":1}");
		assertThatIllegalArgumentException().isThrownBy(() -> PartitionRequestCodec.decode("rO0ABXNy"))
			.withMessageStartingWith("Not a nightscore partition request");
	}

	@Test
	void bytesOfAnotherStepOrAnImpossibleIdOrTooManyBytesAreRefusedAsOneLogLine() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionRequestCodec.decode(new byte[] { (byte) 0xff, 0, '\n', 'x' }))
			.withMessage("Not a nightscore partition request: ???x");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionRequestCodec.decode("{\"stepName\":\"other\",\"stepExecutionId\":4}"))
			.withMessage("Not a nightscore partition request: {\"stepName\":\"other\",\"stepExecutionId\":4}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionRequestCodec.decode("{\"stepName\":\"scorePartition\",\"stepExecutionId\":-4}"))
			.withMessageStartingWith("Not a nightscore partition request: ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionRequestCodec.decode("{\"stepName\":\"scorePartition\",\"stepExecutionId\":4.5}"))
			.withMessageStartingWith("Not a nightscore partition request: ");
		assertThatIllegalArgumentException().isThrownBy(() -> PartitionRequestCodec.decode(new byte[10_000_000]))
			.withMessage("Not a nightscore partition request: a message of more than 1024 bytes, where a request has"
					+ " about 55");
		assertThat(PartitionRequestCodec
			.decode("{\"stepName\":\"scorePartition\",\"stepExecutionId\":7}".getBytes(StandardCharsets.UTF_8))
			.getStepExecutionId()).isEqualTo(7L);
	}

	@Test
	void aWorkersContractFailureStaysAContractFailureForTheManager() {
		StepExecution partition = failedPartition("io.nightscore.ContractException: Model /m.json has sha256 ab, but"
				+ " run 1 started with cd\n\tat io.nightscore.job.ScorePartition.<init>(ScorePartition.java:30)");

		RuntimeException failure = WorkerFailureAggregator.failureOf(partition);

		assertThat(failure).isInstanceOf(ContractException.class)
			.hasMessage("Model /m.json has sha256 ab, but run 1 started with cd");
	}

	@Test
	void anyOtherWorkerFailureNamesThePartitionAndTheReason() {
		StepExecution partition = failedPartition(
				"java.lang.IllegalStateException: boom\n\tat io.nightscore.input.ParquetCustomerReader.read(X.java:1)");

		RuntimeException failure = WorkerFailureAggregator.failureOf(partition);

		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasMessage("scorePartition:partition0003 failed on a worker: boom");
	}

	private static StepExecution failedPartition(String exitDescription) {
		JobExecution job = new JobExecution(1L, new JobInstance(1L, JobNames.JOB), new JobParameters());
		StepExecution partition = new StepExecution(7L, "scorePartition:partition0003", job);
		partition.setExitStatus(ExitStatus.FAILED.addExitDescription(exitDescription));
		return partition;
	}

}
