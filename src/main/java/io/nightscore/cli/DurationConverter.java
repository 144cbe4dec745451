package io.nightscore.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as operators write it: {@code 90m}, {@code 2h}, {@code 30s},
 * {@code 1h30m}, {@code 500ms}, {@code 1d}, or ISO-8601 ({@code PT2H}); positive and at
 * most {@value #MAX_DAYS} days (a longer wait is a typo, and past the time a clock can
 * add it to). Stateless.
 */
final class DurationConverter implements ITypeConverter<Duration> {

	static final int MAX_DAYS = 366;

	private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");

	private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

	@Override
	public Duration convert(String value) {
		String text = value.strip().toLowerCase(Locale.ROOT);
		Duration duration;
		if (text.startsWith("p")) {
			try {
				duration = Duration.parse(text.toUpperCase(Locale.ROOT));
			}
			catch (DateTimeParseException ex) {
				throw invalid(value);
			}
		}
		else if (WHOLE.matcher(text).matches()) {
			duration = sumOfParts(value, text);
		}
		else {
			throw invalid(value);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw invalid(value);
		}
		if (duration.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
			throw tooLong(value);
		}
		return duration;
	}

	private static Duration sumOfParts(String value, String text) {
		Duration duration = Duration.ZERO;
		Matcher part = PART.matcher(text);
		try {
			while (part.find()) {
				long amount = Long.parseLong(part.group(1));
				duration = duration.plus(switch (part.group(2)) {
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofDays(amount);
				});
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// more digits than a long holds, or more seconds
			throw tooLong(value);
		}
		return duration;
	}

	private static TypeConversionException tooLong(String value) {
		return new TypeConversionException("'" + value + "' is longer than " + MAX_DAYS + " days: check the duration");
	}

	private static TypeConversionException invalid(String value) {
		return new TypeConversionException(
				"'" + value + "' is not a duration: write it like 90m, 2h, 30s, 1h30m or PT2H (ISO-8601)");
	}

}
