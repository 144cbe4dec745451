package io.nightscore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server on 127.0.0.1 for tests and the S3 benchmark: S3Proxy (Maven
 * Central's {@code org.gaul:s3proxy}, copied to {@code target/s3proxy/s3proxy.jar} by the
 * build) with its file-system backend, run as a separate process on its own classpath. It
 * can be stopped and started again on the same port and data, as an outage.
 */
public final class S3Server implements AutoCloseable {

	/**
	 * The S3Proxy jar the build copies (maven-dependency-plugin, pre-integration-test).
	 */
	public static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");

	public static final String ACCESS_KEY = "nightscore-test-access";

	public static final String SECRET_KEY = "Nightscore-Test-Secret-Key-0123456789";

	private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	private final Path directory;

	private final int port;

	private Process process;

	private S3Server(Path directory, int port) {
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Start a server whose buckets are directories under {@code directory}.
	 */
	public static S3Server start(Path directory) {
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			S3Server server = new S3Server(directory, probe.getLocalPort());
			probe.close();
			server.startProcess();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Start the server again, on the same port and data, after {@link #stop()}. */
	public void startProcess() {
		try {
			Path data = Files.createDirectories(this.directory.resolve("data"));
			Path properties = this.directory.resolve("s3proxy.properties");
			Files.writeString(properties,
					String.join("\n", "s3proxy.endpoint=" + endpoint(), "s3proxy.authorization=aws-v2-or-v4",
							"s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET_KEY,
							"jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + data.toAbsolutePath(), ""));
			if (!Files.isRegularFile(JAR)) {
				throw new IllegalStateException(JAR + " is missing: run mvn verify (or mvn pre-integration-test)");
			}
			this.process = new ProcessBuilder(JAVA.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
					JAR.toAbsolutePath().toString(), "--properties", properties.toAbsolutePath().toString())
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("s3proxy.log").toFile())
				.start();
			awaitPort(Duration.ofSeconds(90));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stop the server process (SIGKILL): every connection drops, new ones are refused.
	 */
	public void stop() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	public int port() {
		return this.port;
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * A client of this server, for the test's own uploads. Checksums only where S3
	 * requires them: the SDK's default since 2.30 (a CRC trailer on every upload) is more
	 * than S3Proxy verifies.
	 */
	public S3Client client() {
		return S3Client.builder()
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.endpointOverride(URI.create(endpoint()))
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.httpClient(ApacheHttpClient.create())
			.build();
	}

	public void createBucket(String bucket) {
		try (S3Client client = client()) {
			client.createBucket((request) -> request.bucket(bucket));
		}
	}

	/** Upload a local file as {@code s3a://bucket/key}. */
	public void upload(Path file, String bucket, String key) {
		try (S3Client client = client()) {
			client.putObject((request) -> request.bucket(bucket).key(key), RequestBody.fromFile(file));
		}
	}

	/** Upload every regular file of {@code directory} under {@code prefix/}. */
	public void uploadDirectory(Path directory, String bucket, String prefix) {
		try (Stream<Path> files = Files.list(directory); S3Client client = client()) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				client.putObject((request) -> request.bucket(bucket).key(prefix + "/" + file.getFileName()),
						RequestBody.fromFile(file));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The Hadoop properties that point S3A at {@code endpoint} with path-style access,
	 * without credentials.
	 */
	public static Map<String, String> hadoopProperties(String endpoint) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("fs.s3a.endpoint", endpoint);
		properties.put("fs.s3a.endpoint.region", "us-east-1");
		properties.put("fs.s3a.path.style.access", "true");
		properties.put("fs.s3a.connection.ssl.enabled", "false");
		// a test's outage should not take S3A's production retry budget (minutes)
		properties.put("fs.s3a.retry.limit", "3");
		properties.put("fs.s3a.retry.interval", "100ms");
		properties.put("fs.s3a.attempts.maximum", "2");
		properties.put("fs.s3a.connection.establish.timeout", "2s");
		return properties;
	}

	/**
	 * {@code --hadoop-property} options for this server, with the given credentials (none
	 * when {@code accessKey} is {@code null}).
	 */
	public List<String> options(String accessKey, String secretKey) {
		return options(endpoint(), accessKey, secretKey);
	}

	public static List<String> options(String endpoint, String accessKey, String secretKey) {
		Map<String, String> properties = hadoopProperties(endpoint);
		if (accessKey != null) {
			properties.put("fs.s3a.access.key", accessKey);
			properties.put("fs.s3a.secret.key", secretKey);
		}
		List<String> options = new ArrayList<>();
		properties.forEach((key, value) -> options.addAll(List.of("--hadoop-property", key + "=" + value)));
		return options;
	}

	private void awaitPort(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("S3Proxy exited with " + this.process.exitValue() + ", see "
						+ this.directory.resolve("s3proxy.log"));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
				return;
			}
			catch (IOException ex) {
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		throw new IllegalStateException("S3Proxy did not listen on port " + this.port + " within " + timeout);
	}

}
