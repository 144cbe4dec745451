package io.nightscore.serve;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's answer to a request it refuses before Spring sees it (a malformed header or
 * request line, a body cut short), as the endpoint's own errors are answered: JSON,
 * {@code {"status": 400, "error": "Bad Request", "message": "..."}}
 * ({@link ServeErrors}), instead of Tomcat's HTML page. It replaces the error report
 * valve Spring Boot puts on the host.
 */
public final class TomcatErrorReport extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		String message = response.getMessage();
		if ((message == null || message.isBlank()) && throwable != null) {
			message = throwable.getMessage();
		}
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(ServeErrors.body(status, null, message)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone, or the response was committed meanwhile: nothing to
			// answer
		}
	}

}
