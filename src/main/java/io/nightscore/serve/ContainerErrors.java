package io.nightscore.serve;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * The errors answered outside the endpoint's controllers, in the shape of theirs
 * ({@link ServeErrors#body}): what Tomcat refuses before Spring sees the request (a
 * malformed header: {@link TomcatErrorReport}) and what Spring's error page answers (a
 * request body that did not arrive in time: 408). Without it the first were Tomcat's HTML
 * page and the second Spring's own JSON, with a timestamp and no message.
 */
class ContainerErrors {

	/**
	 * Tomcat's error report in JSON, in place of the HTML one Spring Boot's own
	 * customizer puts on the host (which runs first: this one comes last).
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReport() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			Pipeline host = context.getParent().getPipeline();
			for (Valve valve : host.getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.removeValve(valve);
				}
			}
			host.addValve(new TomcatErrorReport());
			if (context.getParent() instanceof StandardHost standard) {
				// so that the host, when it starts, keeps this one instead of adding its
				// own
				standard.setErrorReportValveClass(TomcatErrorReport.class.getName());
			}
		});
	}

	@Bean
	ErrorAttributes errorAttributes() {
		return new DefaultErrorAttributes() {

			@Override
			public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
				// the status the error page was dispatched with, where Spring's own
				// attributes take it from; none of the others is answered
				Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE,
						RequestAttributes.SCOPE_REQUEST);
				return ServeErrors.body((status instanceof Integer code) ? code : 500, null, null);
			}

		};
	}

}
