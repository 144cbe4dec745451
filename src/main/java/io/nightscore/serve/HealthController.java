package io.nightscore.serve;

import java.util.Map;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The probes and the metrics: {@code /health/live} answers while the process serves,
 * {@code /health/ready} while it accepts traffic (the model is loaded and checked before
 * the server starts; from shutdown on it answers 503 so that Kubernetes stops routing to
 * it), {@code /metrics} in Prometheus' text format. Thread-safe.
 */
@RestController
@ConditionalOnWebApplication
class HealthController {

	private final PrometheusMeterRegistry registry;

	private volatile boolean ready = true;

	HealthController(PrometheusMeterRegistry registry) {
		this.registry = registry;
	}

	@GetMapping(path = "/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> live() {
		return Map.of("status", "UP");
	}

	@GetMapping(path = "/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> ready() {
		return this.ready ? ResponseEntity.ok(Map.of("status", "UP"))
				: ResponseEntity.status(503).body(Map.of("status", "DOWN"));
	}

	@GetMapping(path = "/metrics", produces = "text/plain; version=0.0.4; charset=utf-8")
	String metrics() {
		return this.registry.scrape();
	}

	@EventListener(ContextClosedEvent.class)
	void stopAccepting() {
		this.ready = false;
	}

}
