package io.nightscore.monitoring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where nightscore pushes its metrics at the end of every run.
 *
 * @param url the Pushgateway, e.g. {@code http://pushgateway:9091}
 * ({@code NIGHTSCORE_PUSHGATEWAY_URL}); credentials in it ({@code http://user:pass@...})
 * are sent as basic authentication and never logged. Unset: nothing is pushed.
 * @param job the {@code job} label of the pushed group (default {@value #DEFAULT_JOB})
 */
@ConfigurationProperties("nightscore.pushgateway")
public record PushgatewayProperties(String url, String job) {

	public static final String DEFAULT_JOB = "nightscore";

	public PushgatewayProperties {
		job = (job != null && !job.isBlank()) ? job : DEFAULT_JOB;
	}

	boolean enabled() {
		return this.url != null && !this.url.isBlank();
	}

}
