package io.nightscore.serve;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nightscore.scoring.ScoringModel;

import io.nightscore.AheadOfTimeContext;
import io.nightscore.QuietLogbackStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
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
@Import({ ScoreController.class, HealthController.class, ServeErrors.class })
public class ServeApplication {

	private static final Logger logger = LoggerFactory.getLogger(ServeApplication.class);

	/**
	 * Start serving a loaded model; the returned context runs until closed (or the JVM is
	 * stopped: Spring's shutdown hook then lets requests in flight finish).
	 */
	public static ConfigurableApplicationContext start(ScoringModel model, ServeSettings settings) {
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
		ConfigurableApplicationContext context = application.run("--spring.main.web-application-type=servlet",
				"--server.port=" + settings.port(), "--server.shutdown=graceful",
				"--spring.threads.virtual.enabled=true", "--server.tomcat.threads.max=32",
				"--server.tomcat.max-swallow-size=-1");
		logger.info("Serving model {} ({} features, engine {}) on port {}", model.version(),
				model.featureNames().size(), model.engine().name(),
				((WebServerApplicationContext) context).getWebServer().getPort());
		return context;
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
