package io.nightscore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code runs show} prints to a terminal from hostile strings in the run's records:
 * an input file name, a reject reason or an exit message holding escape sequences or
 * newlines is shown, never obeyed.
 */
class RunsShowCommandTests {

	@Test
	void controlCharactersInAFileNameAReasonOrAnExitMessageAreShownEscaped() throws Exception {
		String hostile = "x\u001b[2J\u001b]0;pwned\u0007\nFAKE line";
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("run_id", 1L);
		run.put("scoring_date", "2026-11-22");
		run.put("rerun", 0);
		run.put("status", "FAILED");
		run.put("attempts", 1);
		run.put("recorded", Map.of("model_version", hostile));
		run.put("input_snapshot",
				JsonMapper.shared()
					.readTree("{\"files\":[{\"path\":" + JsonMapper.shared().writeValueAsString("file:/in/" + hostile)
							+ ",\"size\":1,\"rowGroupRows\":[1],\"modifiedAt\":0}]}"));
		run.put("executions", List.of(Map.of("execution_id", 1, "status", "FAILED", "exit_code", "FAILED", "start_time",
				"2026-11-22T20:00", "exit_message", hostile, "steps", List.of())));
		run.put("rejects_by_reason", List.of(Map.of("rows", 2L, "reason", "feature '" + hostile + "' holds NaN")));
		StringWriter text = new StringWriter();

		RunsShowCommand.print(new PrintWriter(text), run);

		assertThat(text.toString()).doesNotContain("\u001b", "\u0007", "\nFAKE")
			.contains("file:/in/x\\u001b[2J\\u001b]0;pwned\\u0007\\nFAKE line", "reason: x\\u001b[2J");
	}

}
