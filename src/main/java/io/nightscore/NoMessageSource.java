package io.nightscore;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;

/**
 * The batch commands' message source: nightscore has no messages to translate, so every
 * lookup answers with the caller's default message, or fails as a missing message.
 * Without a bean named {@code messageSource}, Spring's context makes its own, whose class
 * lists every locale the JDK knows when it first loads (30-60 ms of each start).
 */
final class NoMessageSource implements MessageSource {

	@Override
	public String getMessage(String code, Object[] args, String defaultMessage, Locale locale) {
		return defaultMessage;
	}

	@Override
	public String getMessage(String code, Object[] args, Locale locale) {
		throw new NoSuchMessageException(code, locale);
	}

	@Override
	public String getMessage(MessageSourceResolvable resolvable, Locale locale) {
		if (resolvable.getDefaultMessage() != null) {
			return resolvable.getDefaultMessage();
		}
		String[] codes = resolvable.getCodes();
		throw new NoSuchMessageException((codes != null && codes.length > 0) ? codes[codes.length - 1] : "", locale);
	}

}
