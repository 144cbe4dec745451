package io.nightscore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}, which
 * {@code .ci/run} installs) on a free 127.0.0.1 port, for as long as a test needs it, and
 * what it exposes on {@code /metrics}.
 */
public final class Pushgateway implements AutoCloseable {

	/** The binary Debian's package installs. */
	public static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");

	private static final HttpClient http = HttpClient.newHttpClient();

	private final Process process;

	private final int port;

	private Pushgateway(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Start one and wait until it answers. */
	public static Pushgateway start() {
		if (!Files.isExecutable(BINARY)) {
			throw new IllegalStateException(
					BINARY + " is missing: apt-get install prometheus-pushgateway (.ci/run" + " installs it)");
		}
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Process process = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			Pushgateway gateway = new Pushgateway(process, port);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (true) {
				try {
					gateway.metrics();
					return gateway;
				}
				catch (UncheckedIOException notYet) {
					if (System.nanoTime() > deadline || !process.isAlive()) {
						process.destroyForcibly();
						throw new IllegalStateException("The Pushgateway did not start on port " + port, notYet);
					}
					NightscoreProcess.sleep(Duration.ofMillis(100));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Its address, e.g. {@code http://127.0.0.1:40123}. */
	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** The same address with a user and password in it. */
	public String urlWithCredentials(String user, String password) {
		return "http://" + user + ":" + password + "@127.0.0.1:" + this.port;
	}

	/** What it exposes on {@code /metrics}, in Prometheus' text format. */
	public String metrics() {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(url() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The value of the first series whose name and labels contain all of
	 * {@code fragments}, e.g. {@code value("nightscore_run_outcome{",
	 * "outcome=\"completed\"")}.
	 */
	public Optional<Double> value(String name, String... labels) {
		Pattern series = Pattern.compile("^(" + Pattern.quote(name) + "(\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);
		Matcher matcher = series.matcher(metrics());
		while (matcher.find()) {
			boolean all = true;
			for (String label : labels) {
				all &= matcher.group(1).contains(label);
			}
			if (all) {
				return Optional.of(Double.parseDouble(matcher.group(3)));
			}
		}
		return Optional.empty();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
