package io.nightscore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of its own, started from the installed {@code rabbitmq-server} on free
 * loopback ports with a short {@code consumer_timeout}, for the test that makes RabbitMQ
 * redeliver a request whose partition is still running. The shared broker is never
 * reconfigured: RabbitMQ before 3.12 (Debian 12 ships 3.10) has no per-queue consumer
 * timeout, only the node-wide setting, and checks it on a channel tick (a minute by
 * default, a second here).
 */
public final class PrivateBroker implements AutoCloseable {

	private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

	private final Process process;

	private final int port;

	private final Path log;

	private PrivateBroker(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Start a node whose consumers time out after {@code consumerTimeout}. */
	public static PrivateBroker start(Path directory, Duration consumerTimeout) {
		if (!Files.isExecutable(SERVER)) {
			throw new AssertionError(SERVER + " is missing: install rabbitmq-server (.ci/run does)");
		}
		try {
			int port = freePort();
			int distributionPort = freePort();
			Files.writeString(directory.resolve("rabbitmq.conf"), "listeners.tcp.default = 127.0.0.1:" + port
					+ "\nconsumer_timeout = " + consumerTimeout.toMillis() + "\nloopback_users = none\n");
			Files.writeString(directory.resolve("advanced.config"), "[{rabbit, [{channel_tick_interval, 1000}]}].\n");
			Files.writeString(directory.resolve("enabled_plugins"), "[].\n");
			Path log = directory.resolve("server.log");
			ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().put("RABBITMQ_NODENAME", "nightscore" + port + "@localhost");
			builder.environment().put("RABBITMQ_NODE_PORT", Integer.toString(port));
			builder.environment().put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
			builder.environment().put("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq.conf").toString());
			builder.environment().put("RABBITMQ_ADVANCED_CONFIG_FILE", directory.resolve("advanced.config").toString());
			builder.environment().put("RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString());
			builder.environment().put("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString());
			builder.environment().put("RABBITMQ_LOG_BASE", directory.resolve("log").toString());
			builder.environment().put("RABBITMQ_PID_FILE", directory.resolve("pid").toString());
			builder.environment().put("RABBITMQ_CONF_ENV_FILE", "/dev/null");
			PrivateBroker broker = new PrivateBroker(builder.start(), port, log);
			broker.awaitListening(Duration.ofMinutes(3));
			return broker;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
	}

	private void awaitListening(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
				return;
			}
			catch (IOException notYet) {
				if (!this.process.isAlive() || System.nanoTime() > deadline) {
					close();
					throw new AssertionError(
							"RabbitMQ did not start on port " + this.port + ":\n" + Files.readString(this.log));
				}
				NightscoreProcess.sleep(Duration.ofMillis(250));
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
