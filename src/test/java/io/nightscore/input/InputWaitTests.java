package io.nightscore.input;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InputWaitTests {

	@Test
	void checksAboutThirtyTimesPerWaitBetweenOneSecondAndOneMinuteApart() {
		assertThat(InputWait.interval(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
		assertThat(InputWait.interval(Duration.ofMinutes(3))).isEqualTo(Duration.ofSeconds(6));
		assertThat(InputWait.interval(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void describesDurationsAsOperatorsWriteThem() {
		assertThat(InputWait.describe(Duration.ofMinutes(150))).isEqualTo("2h30m");
		assertThat(InputWait.describe(Duration.ofSeconds(2))).isEqualTo("2s");
		assertThat(InputWait.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(InputWait.describe(Duration.ofSeconds(3661))).isEqualTo("1h1m1s");
	}

}
