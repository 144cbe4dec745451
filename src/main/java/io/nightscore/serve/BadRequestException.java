package io.nightscore.serve;

import org.springframework.http.HttpStatus;

/**
 * A request the endpoint refuses, with the HTTP status to answer, the JSON field it
 * blames (a path such as {@code customers[2].features.tenure_months}, or {@code null} for
 * the body as a whole) and the reason in words.
 */
final class BadRequestException extends RuntimeException {

	private final HttpStatus status;

	private final String field;

	BadRequestException(HttpStatus status, String field, String message) {
		super(message);
		this.status = status;
		this.field = field;
	}

	static BadRequestException badField(String field, String message) {
		return new BadRequestException(HttpStatus.BAD_REQUEST, field, message);
	}

	HttpStatus status() {
		return this.status;
	}

	String field() {
		return this.field;
	}

}
