package io.nightscore.serve;

import java.util.LinkedHashMap;
import java.util.Map;

import io.nightscore.Failures;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns every refused request into a JSON error with the right 4xx status:
 * {@code {"status": 400, "error": "Bad Request", "field": "features.x", "message":
 * "..."}}. Only a fault of nightscore's own is a 500, logged with its stack trace.
 */
@RestControllerAdvice
@ConditionalOnWebApplication
class ServeErrors {

	private static final Logger logger = LoggerFactory.getLogger(ServeErrors.class);

	@ExceptionHandler(BadRequestException.class)
	ResponseEntity<Map<String, Object>> badRequest(BadRequestException ex) {
		return error(ex.status(), ex.field(), ex.getMessage());
	}

	/** A query parameter that is not of its type, such as {@code ?reasons=maybe}. */
	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() == boolean.class) ? "true or false"
				: "a " + ((ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "value");
		return error(HttpStatus.BAD_REQUEST, ex.getName(),
				"query parameter '" + ex.getName() + "' must be " + expected + ", not '" + ex.getValue() + "'");
	}

	/**
	 * Spring MVC's own refusals (wrong method or content type, unknown path, ...) with
	 * their status; anything else is a fault of nightscore's own.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> failed(Exception ex, HttpServletRequest request) {
		if (ex instanceof ErrorResponse refused) {
			String detail = refused.getBody().getDetail();
			return error(refused.getStatusCode(), null, (detail != null) ? detail : ex.getMessage());
		}
		// one line naming the request and the cause, the stack trace when asked for
		logger.error("Request {} {} failed: {}", request.getMethod(), request.getRequestURI(), Failures.rootMessage(ex),
				ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, null, "nightscore failed to answer: " + ex.getMessage());
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatusCode status, String field, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body(status.value(), field, message));
	}

	/**
	 * Every error answer's body, also those Tomcat gives before a request reaches Spring
	 * ({@link TomcatErrorReport}) or that Spring's error page gives: status, reason
	 * phrase, the field at fault (or none) and what was wrong (the reason phrase when
	 * nothing more is known).
	 */
	static Map<String, Object> body(int status, String field, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		HttpStatus known = HttpStatus.resolve(status);
		String reason = (known != null) ? known.getReasonPhrase() : "Error";
		body.put("error", reason);
		if (field != null) {
			body.put("field", field);
		}
		body.put("message", (message != null && !message.isBlank()) ? message : reason);
		return body;
	}

}
