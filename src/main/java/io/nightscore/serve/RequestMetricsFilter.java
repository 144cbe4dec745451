package io.nightscore.serve;

import java.io.IOException;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every request, refused ones included, into the latency histogram
 * {@code nightscore_serve_request_seconds}, tagged by endpoint ({@code other} for a path
 * that is none) and HTTP status. Thread-safe.
 */
final class RequestMetricsFilter extends OncePerRequestFilter {

	/**
	 * The paths tagged as themselves; any other is {@code other}, so that requests for
	 * made-up paths cannot add a histogram each to the registry and to every scrape.
	 */
	static final Set<String> ENDPOINTS = Set.of("/v1/score", "/v1/model", "/health/live", "/health/ready", "/metrics");

	private final MeterRegistry registry;

	RequestMetricsFilter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			String uri = request.getRequestURI();
			Timer.builder("nightscore.serve.request")
				.description("Time to answer a request of the online endpoint")
				.tag("uri", ENDPOINTS.contains(uri) ? uri : "other")
				.tag("status", Integer.toString(response.getStatus()))
				.publishPercentileHistogram()
				.register(this.registry)
				.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
	}

}
