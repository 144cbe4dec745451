package io.nightscore.scoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model load's log lines come out at once, or, for a model loaded while Spring starts,
 * only when the run takes the model, and then once.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoadLogTests {

	private static final Logger logger = LoggerFactory.getLogger(LoadLogTests.class);

	@Test
	void immediateLinesAreWrittenAsTheyCome(CapturedOutput output) {
		LoadLog.immediate().info(logger, "Model {}: scored by the compiled engine", "m.json");

		assertThat(output.getAll()).contains("Model m.json: scored by the compiled engine");
	}

	@Test
	void deferredLinesWaitForTheFlushAndComeOutOnceInTheirOrder(CapturedOutput output) {
		LoadLog log = LoadLog.deferred();
		log.warn(logger, "Model {}: base_score ignored", "m.json");
		log.info(logger, "Model {}: scored by XGBoost4J", "m.json");
		assertThat(output.getAll()).doesNotContain("m.json");

		log.flush();
		log.flush();

		String all = output.getAll();
		assertThat(all.indexOf("Model m.json: base_score ignored")).isNotNegative()
			.isLessThan(all.indexOf("Model m.json: scored by XGBoost4J"));
		assertThat(all.split("scored by XGBoost4J", -1)).hasSize(2);
	}

	@Test
	void discardedLinesNeverComeOut(CapturedOutput output) {
		LoadLog log = LoadLog.deferred();
		log.info(logger, "Model {}: scored by the compiled engine", "discarded.json");

		log.discard();
		log.flush();

		assertThat(output.getAll()).doesNotContain("discarded.json");
	}

}
