package io.nightscore.job;

import java.nio.charset.StandardCharsets;
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

	/** The longest message read as a request: a request is about 55 bytes. */
	static final int MAX_LENGTH = 1024;

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
	 * A request of the partition step from a message's body, as the broker hands it over:
	 * text, or bytes where the message has no text content type.
	 * @throws IllegalArgumentException if it is not such a request
	 */
	static StepExecutionRequest decode(Object body) {
		String text = (body instanceof byte[] bytes) ? text(bytes) : String.valueOf(body);
		if (text.length() > MAX_LENGTH) {
			throw notARequest("a message of more than " + MAX_LENGTH + " bytes, where a request has about 55");
		}
		try {
			Map<?, ?> fields = JsonMapper.shared().readValue(text, Map.class);
			if (JobNames.SCORE_PARTITION_STEP.equals(fields.get(STEP_NAME))
					&& fields.get(STEP_EXECUTION_ID) instanceof Number id && id.longValue() > 0
					&& id.doubleValue() == id.longValue()) {
				return new StepExecutionRequest(JobNames.SCORE_PARTITION_STEP, id.longValue());
			}
		}
		catch (RuntimeException ex) {
			// reported below
		}
		throw notARequest(printable((text.length() > 200) ? text.substring(0, 200) + "..." : text));
	}

	private static String text(byte[] bytes) {
		// more than the longest request is refused by length, undecoded
		return (bytes.length > MAX_LENGTH) ? "x".repeat(MAX_LENGTH + 1) : new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * The text with control characters and undecodable bytes as {@code ?}: one log line.
	 */
	private static String printable(String text) {
		StringBuilder shown = new StringBuilder(text.length());
		text.codePoints().forEach((c) -> shown.appendCodePoint((Character.isISOControl(c) || c == 0xFFFD) ? '?' : c));
		return shown.toString();
	}

	private static IllegalArgumentException notARequest(String what) {
		return new IllegalArgumentException("Not a nightscore partition request: " + what);
	}

}
