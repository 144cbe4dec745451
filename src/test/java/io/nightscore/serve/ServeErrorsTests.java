package io.nightscore.serve;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's error answers and what a failure of nightscore's own leaves in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServeErrorsTests {

	@Test
	void aFailureOfItsOwnIsLoggedOnOneLineNamingTheRequestAndTheCause(CapturedOutput output) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/score");

		ResponseEntity<Map<String, Object>> answer = new ServeErrors().failed(
				new IllegalStateException("scoring failed", new ArithmeticException("the forest is broken")), request);

		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(output.getErr()).contains("Request POST /v1/score failed: the forest is broken");
	}

}
