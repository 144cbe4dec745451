package io.nightscore.cli;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DurationConverterTests {

	final DurationConverter converter = new DurationConverter();

	@Test
	void readsTheFormsOperatorsWrite() {
		assertThat(this.converter.convert("90m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(this.converter.convert("2h")).isEqualTo(Duration.ofHours(2));
		assertThat(this.converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(this.converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(this.converter.convert("1d")).isEqualTo(Duration.ofDays(1));
		assertThat(this.converter.convert("PT2H")).isEqualTo(Duration.ofHours(2));
		assertThat(this.converter.convert("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
	}

	@Test
	void refusesWhatIsNotAPositiveDuration() {
		for (String bad : new String[] { "soon", "90", "-5m", "0s", "PT-1H", "2 hours", "" }) {
			assertThatExceptionOfType(TypeConversionException.class).as(bad)
				.isThrownBy(() -> this.converter.convert(bad))
				.withMessage("'" + bad + "' is not a duration: write it like 90m, 2h, 30s, 1h30m or PT2H (ISO-8601)");
		}
	}

	@Test
	void refusesWhatIsLongerThanAYearInsteadOfFailingLaterWhenAddedToTheClock() {
		assertThat(this.converter.convert("366d")).isEqualTo(Duration.ofDays(366));
		for (String tooLong : new String[] { "367d", "9999999999999h", "99999999999999999999s", "PT999999999H",
				"366d1ms" }) {
			assertThatExceptionOfType(TypeConversionException.class).as(tooLong)
				.isThrownBy(() -> this.converter.convert(tooLong))
				.withMessage("'" + tooLong + "' is longer than 366 days: check the duration");
		}
	}

}
