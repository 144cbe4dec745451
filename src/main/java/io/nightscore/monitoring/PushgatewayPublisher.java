package io.nightscore.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes every metric of the process (Spring Batch's job, step and chunk metrics and
 * nightscore's run metrics) to a Prometheus Pushgateway, replacing the previous push of
 * the same {@code job} group, as batch jobs report to Prometheus. A push that fails is
 * logged and never fails the run. Credentials in the URL go into a basic-authentication
 * header; only the URL without them is ever logged. Thread-safe.
 */
public final class PushgatewayPublisher {

	private static final Logger logger = LoggerFactory.getLogger(PushgatewayPublisher.class);

	private final PushgatewayProperties properties;

	private final PrometheusRegistry registry;

	public PushgatewayPublisher(PushgatewayProperties properties, PrometheusRegistry registry) {
		this.properties = properties;
		this.registry = registry;
	}

	/** Whether a Pushgateway is configured. */
	public boolean enabled() {
		return this.properties.enabled();
	}

	/**
	 * Push the process's metrics, if a Pushgateway is configured.
	 * @return whether they were pushed
	 */
	public boolean push() {
		if (!enabled()) {
			return false;
		}
		String shown = "(unparseable URL)";
		try {
			URI uri = URI.create(this.properties.url().strip());
			shown = withoutCredentials(uri);
			PushGateway.Builder builder = PushGateway.builder()
				.address(uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : ""))
				.scheme("https".equalsIgnoreCase(uri.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
				.job(this.properties.job())
				.registry(this.registry);
			if (uri.getRawUserInfo() != null) {
				String[] user = uri.getRawUserInfo().split(":", 2);
				builder.basicAuth(decode(user[0]), (user.length > 1) ? decode(user[1]) : "");
			}
			builder.build().push();
			logger.info("Pushed the run's metrics to the Pushgateway {} (job {})", shown, this.properties.job());
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not push the run's metrics to the Pushgateway {}: {}", shown,
					ex.getClass().getSimpleName()
							+ ((ex.getMessage() != null) ? ": " + redact(ex.getMessage(), this.properties.url()) : ""));
			return false;
		}
	}

	/** The URL as it may be shown: scheme, host, port and path, no user or password. */
	static String withoutCredentials(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "")
				+ ((uri.getRawPath() != null) ? uri.getRawPath() : "");
	}

	private static String redact(String message, String url) {
		try {
			URI uri = URI.create(url.strip());
			return (uri.getRawUserInfo() != null) ? message.replace(uri.getRawUserInfo(), "***") : message;
		}
		catch (RuntimeException ex) {
			return "(message withheld: it may contain the URL)";
		}
	}

	private static String decode(String part) {
		return URLDecoder.decode(part, StandardCharsets.UTF_8);
	}

}
