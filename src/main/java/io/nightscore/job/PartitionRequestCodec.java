package io.nightscore.job;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * Writes and reads Spring Batch's partition requests as small JSON texts,
 * {@code {"stepName":"scorePartition","stepExecutionId":42}}: readable in the broker's
 * management UI, and no Java deserialization of what arrives from a queue. Stateless and
 * thread-safe.
 */
final class PartitionRequestCodec {

	private static final String STEP_NAME = "stepName";

	private static final String STEP_EXECUTION_ID = "stepExecutionId";

	private PartitionRequestCodec() {
	}

	static String encode(StepExecutionRequest request) {
		return JsonMapper.shared()
			.writeValueAsString(
					Map.of(STEP_NAME, request.getStepName(), STEP_EXECUTION_ID, request.getStepExecutionId()));
	}

	/**
	 * @throws IllegalArgumentException if the text is not a partition request
	 */
	static StepExecutionRequest decode(String text) {
		try {
			Map<?, ?> fields = JsonMapper.shared().readValue(text, Map.class);
			if (fields.get(STEP_NAME) instanceof String stepName
					&& fields.get(STEP_EXECUTION_ID) instanceof Number stepExecutionId) {
				return new StepExecutionRequest(stepName, stepExecutionId.longValue());
			}
		}
		catch (RuntimeException ex) {
			// reported below
		}
		String shown = (text.length() > 200) ? text.substring(0, 200) + "..." : text;
		throw new IllegalArgumentException("Not a nightscore partition request: " + shown);
	}

}
