package io.nightscore.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nightscore.scoring.LoadLog;
import io.nightscore.scoring.ScoringModel;

import io.nightscore.AheadOfTimeContext;
import io.nightscore.QuietLogbackStatus;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The application context of {@code nightscore serve}: Spring MVC on an embedded Tomcat
 * with the score, model, health and metrics endpoints, and none of the batch job's
 * machinery (no database, no Spring Batch, no Flyway). The model is loaded and checked by
 * the command before the server starts.
 *
 * <p>
 * Not a component: the batch commands' context, which scans {@code io.nightscore}, never
 * sees it, and the controllers it imports only exist in a web application.
 */
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
		"org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
		"org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration" })
@Import({ ScoreController.class, HealthController.class, ServeErrors.class, ContainerErrors.class })
public class ServeApplication {

	private static final Logger logger = LoggerFactory.getLogger(ServeApplication.class);

	/**
	 * The health port's threads: probes and scrapes are few and quick, and no client of
	 * the scoring port can hold them.
	 */
	static final int HEALTH_THREADS = 4;

	/**
	 * Start serving a loaded model; the returned context runs until closed (or the JVM is
	 * stopped: Spring's shutdown hook then lets requests in flight finish).
	 * @param loadLog the model's load lines, written once Spring has set logging up
	 * @param arguments more Spring arguments (the log format's)
	 */
	public static ConfigurableApplicationContext start(ScoringModel model, ServeSettings settings, LoadLog loadLog,
			String... arguments) {
		QuietLogbackStatus.install();
		SpringApplication application = new SpringApplication(ServeApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setLogStartupInfo(false);
		// a context of its own, not the batch commands' prepared at build time
		AheadOfTimeContext.apply(application, false);
		application.addInitializers((context) -> {
			context.getBeanFactory().registerSingleton("scoringModel", model);
			context.getBeanFactory().registerSingleton("serveSettings", settings);
		});
		// command-line arguments outrank application.properties, which keeps the batch
		// commands' contexts off the web
		List<String> serving = new ArrayList<>(List.of("--spring.main.web-application-type=servlet",
				"--server.port=" + settings.port(), "--server.shutdown=graceful",
				"--spring.threads.virtual.enabled=true", "--server.tomcat.threads.max=32",
				"--server.tomcat.max-swallow-size=-1", "--server.tomcat.connection-timeout=10s"));
		serving.addAll(List.of(arguments));
		ConfigurableApplicationContext context = application.run(serving.toArray(String[]::new));
		loadLog.flush();
		logger.info("Serving model {} ({} features, engine {}) on {}", model.version(), model.featureNames().size(),
				model.engine().name(), ports(context));
		return context;
	}

	/**
	 * The health port: a second connector with threads of its own (Tomcat gives each
	 * connector its own pool), so that clients holding every thread of the scoring port
	 * (slow or stalled bodies) cannot fail Kubernetes' probes and get the pod restarted.
	 * It serves the same endpoints; the Service routes only the scoring port.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> healthConnector(ServeSettings settings) {
		return (factory) -> {
			if (settings.hasHealthPort()) {
				Connector health = new Connector(TomcatWebServerFactory.DEFAULT_PROTOCOL);
				health.setPort(settings.healthPort());
				health.setProperty("maxThreads", Integer.toString(HEALTH_THREADS));
				health.setProperty("minSpareThreads", "1");
				health.setProperty("connectionTimeout", "5000");
				factory.addAdditionalConnectors(health);
			}
		};
	}

	/** "port 8080" or "port 8080, health port 8081", as bound. */
	private static String ports(ConfigurableApplicationContext context) {
		if (((WebServerApplicationContext) context).getWebServer() instanceof TomcatWebServer tomcat) {
			Connector[] connectors = tomcat.getTomcat().getService().findConnectors();
			return Arrays.stream(connectors)
				.map((connector) -> ((connector == connectors[0]) ? "port " : "health port ")
						+ connector.getLocalPort())
				.collect(Collectors.joining(", "));
		}
		return "port " + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Bean
	PrometheusMeterRegistry prometheusMeterRegistry() {
		return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
	}

	@Bean(destroyMethod = "close")
	ScorerPool scorerPool(ScoringModel model) {
		return new ScorerPool(model);
	}

	@Bean
	FilterRegistrationBean<RequestMetricsFilter> requestMetricsFilter(PrometheusMeterRegistry registry) {
		return new FilterRegistrationBean<>(new RequestMetricsFilter(registry));
	}

}
