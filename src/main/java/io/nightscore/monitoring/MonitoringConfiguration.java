package io.nightscore.monitoring;

import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.nightscore.output.RunHistoryRepository;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Progress, run metrics and the Pushgateway.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PushgatewayProperties.class)
class MonitoringConfiguration {

	@Bean
	ProgressListener progressListener(DataSource dataSource, RunHistoryRepository history,
			@Value("${nightscore.progress.interval:5s}") Duration interval) {
		return new ProgressListener(new RunProgressRepository(dataSource), history, interval, System.console() != null);
	}

	@Bean
	RunMetrics runMetrics(MeterRegistry registry, RunHistoryRepository history) {
		return new RunMetrics(registry, history);
	}

	@Bean
	PushgatewayPublisher pushgatewayPublisher(PushgatewayProperties properties, PrometheusRegistry registry) {
		return new PushgatewayPublisher(properties, registry);
	}

}
