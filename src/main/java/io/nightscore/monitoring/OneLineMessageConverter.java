package io.nightscore.monitoring;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.nightscore.OneLine;

/**
 * A log event's message as {@link OneLine} shows it ({@code %oneLineMsg} in
 * {@code logback.xml}): a file or feature name with a newline or a terminal's escape
 * sequence in it, put in a message, can neither break the event's line nor forge another.
 * A stack trace, when asked for, still follows on lines of its own.
 */
public final class OneLineMessageConverter extends ClassicConverter {

	@Override
	public String convert(ILoggingEvent event) {
		String message = event.getFormattedMessage();
		return (message != null) ? OneLine.escaped(message) : null;
	}

}
