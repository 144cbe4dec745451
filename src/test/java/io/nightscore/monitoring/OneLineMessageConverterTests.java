package io.nightscore.monitoring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OneLineMessageConverterTests {

	@Test
	void aMessageArgumentWithANewlineOrAnEscapeSequenceStaysOnTheEventsLine() {
		LoggerContext context = new LoggerContext();
		LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.INFO,
				"Model {}: scored by the compiled engine", null,
				new Object[] { "/m/churn\n12:00:00.000 ERROR [main] Forged - \u001b[31mx.json" });

		assertThat(new OneLineMessageConverter().convert(event)).isEqualTo(
				"Model /m/churn\\n12:00:00.000 ERROR [main] Forged - \\u001b[31mx.json: scored by the compiled engine");
	}

}
