package io.nightscore.serve;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.nightscore.support.JobIntegrationTest;
import io.nightscore.support.Nightscore;
import io.nightscore.support.NightscoreProcess;
import io.nightscore.support.ReferenceScores;
import io.nightscore.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nightscore serve} as a client sees it: the real jar serving the sample model on
 * a free port, scoring every sample customer exactly as the batch job published it,
 * refusing every malformed request with the documented 4xx while it keeps serving.
 */
@JobIntegrationTest
class ServeIntegrationTests {

	static final Path SAMPLE_INPUT = Path.of("sample-data/customers");

	static final Path SAMPLE_MODEL = Path.of("sample-data/churn-model.json");

	static final JsonMapper json = JsonMapper.shared();

	static final HttpClient http = HttpClient.newHttpClient();

	/** The start of a request whose body announces 1,000 bytes and sends 15. */
	private static final String HALF_A_BODY = "POST /v1/score HTTP/1.1\r\nHost: localhost\r\n"
			+ "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"customer_id\":";

	@TempDir
	static Path logs;

	static NightscoreProcess server;

	static URI base;

	/** The health port's address. */
	static URI health;

	static List<String> features;

	@BeforeAll
	static void startServer() throws Exception {
		int port;
		int healthPort;
		try (ServerSocket socket = new ServerSocket(0); ServerSocket other = new ServerSocket(0)) {
			port = socket.getLocalPort();
			healthPort = other.getLocalPort();
		}
		base = URI.create("http://127.0.0.1:" + port);
		health = URI.create("http://127.0.0.1:" + healthPort);
		server = NightscoreProcess.start(logs, Map.of(), "serve", "--model", SAMPLE_MODEL.toString(), "--port",
				Integer.toString(port), "--health-port", Integer.toString(healthPort), "--max-batch", "500");
		server.awaitWhileRunning("serve to become ready", Duration.ofMinutes(3), ServeIntegrationTests::ready);
		assertThat(server.isAlive()).as(server.err()).isTrue();
		features = new ArrayList<>();
		json.readTree(get("/v1/model").body()).path("features").forEach((name) -> features.add(name.asString()));
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	private void scoreOnline(List<String> ids, Map<String, float[]> rows, boolean reasons, Map<String, Float> scores,
			Map<String, String> reasonNames) throws Exception {
		for (int from = 0; from < ids.size(); from += 500) {
			StringBuilder body = new StringBuilder("[");
			for (String id : ids.subList(from, Math.min(ids.size(), from + 500))) {
				body.append((body.length() > 1) ? "," : "").append(customer(id, rows.get(id)));
			}
			HttpResponse<String> response = post("/v1/score" + (reasons ? "?reasons=true" : ""),
					body.append(']').toString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			json.readTree(response.body()).forEach((answer) -> {
				String id = answer.path("customer_id").asString();
				scores.put(id, Float.parseFloat(answer.path("score").asString()));
				if (reasons) {
					List<String> names = new ArrayList<>();
					answer.path("reasons")
						.forEach((reason) -> names.add(reason.path("feature").asString() + "="
								+ (reason.path("value").isNull() ? "null"
										: Float.parseFloat(reason.path("value").asString()))
								+ "/" + Float.parseFloat(reason.path("contribution").asString())));
					while (names.size() < 3) {
						names.add("null=null/null");
					}
					reasonNames.put(id, String.join(",", names));
				}
			});
		}
	}

	@Test
	void everySampleCustomerScoresExactlyAsTheBatchJobPublishedIt() throws Exception {
		// given the sample data scored and published by the batch job
		assertThat(Nightscore
			.run("score", "--input", SAMPLE_INPUT.toString(), "--model", SAMPLE_MODEL.toString(), "--scoring-date",
					"2026-11-22")
			.exitCode()).isZero();
		Map<String, Float> published = new HashMap<>();
		TestDatabase.jdbc()
			.queryForList("SELECT customer_id, score FROM customer_scores")
			.forEach((row) -> published.put((String) row.get("customer_id"), ((Number) row.get("score")).floatValue()));
		Map<String, float[]> rows;
		try (Stream<Path> files = Files.list(SAMPLE_INPUT)) {
			rows = ReferenceScores.features(SAMPLE_MODEL, "customer_id",
					files.filter((f) -> f.toString().endsWith(".parquet")).sorted().toList());
		}

		Map<String, String> publishedReasons = new HashMap<>();
		TestDatabase.jdbc()
			.queryForList("SELECT * FROM customer_reasons")
			.forEach((row) -> publishedReasons.put((String) row.get("customer_id"),
					reason(row, 1) + "," + reason(row, 2) + "," + reason(row, 3)));

		// when every customer is scored online, 500 to a request, and the customers the
		// batch explained are asked for their reasons too (explaining all 40,000 online
		// would cost the test 11 s more and check nothing more)
		Map<String, Float> online = new HashMap<>();
		Map<String, String> onlineReasons = new HashMap<>();
		scoreOnline(new ArrayList<>(rows.keySet()), rows, false, online, onlineReasons);
		scoreOnline(new ArrayList<>(publishedReasons.keySet()), rows, true, new HashMap<>(), onlineReasons);

		// then the scores are the published ones, bit for bit
		assertThat(published).hasSize(40_000);
		assertThat(online).hasSize(published.size());
		long equal = published.entrySet()
			.stream()
			.filter((e) -> Float.floatToIntBits(e.getValue()) == Float.floatToIntBits(online.get(e.getKey())))
			.count();
		assertThat(equal).isEqualTo(published.size());
		assertThat(publishedReasons).isNotEmpty();
		assertThat(publishedReasons.entrySet()
			.stream()
			.filter((e) -> !e.getValue().equals(onlineReasons.get(e.getKey())))
			.limit(5)
			.map((e) -> e.getKey() + ": " + e.getValue() + " online " + onlineReasons.get(e.getKey()))
			.toList()).isEmpty();
	}

	/**
	 * A published reason as feature=value/contribution, floats as the batch stored them.
	 */
	private static String reason(Map<String, Object> row, int n) {
		Object value = row.get("reason_" + n + "_value");
		Object contribution = row.get("reason_" + n + "_contribution");
		return row.get("reason_" + n) + "=" + ((value != null) ? ((Number) value).floatValue() : "null") + "/"
				+ ((contribution != null) ? ((Number) contribution).floatValue() : "null");
	}

	@Test
	void oneCustomerIsAnsweredWithItsScoreBandAndModelVersion() throws Exception {
		float[] row = new float[features.size()];
		HttpResponse<String> response = post(customer("c-1", row));

		JsonNode answer = json.readTree(response.body());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(answer.path("customer_id").asString()).isEqualTo("c-1");
		assertThat(answer.path("score").asDouble()).isBetween(0.0, 1.0);
		assertThat(answer.path("risk_band").asString()).isIn("low", "medium", "high");
		assertThat(answer.path("model_version").asString()).startsWith("sha256-");
	}

	@Test
	void malformedRequestsGetA4xxNamingTheFieldAndTheServiceKeepsServing() throws Exception {
		String good = customer("c-1", new float[features.size()]);
		String first = features.get(0);
		Map<String, String[]> cases = new java.util.LinkedHashMap<>();
		cases.put(good.replace("\"" + first + "\":0.0,", ""),
				new String[] { "400", "features." + first, "is missing" });
		cases.put(good.replace("\"features\":{", "\"features\":{\"shoe_size\":42,"),
				new String[] { "400", "features.shoe_size", "unknown feature" });
		cases.put(good.replace("\"" + first + "\":0.0", "\"" + first + "\":\"twelve\""),
				new String[] { "400", "features." + first, "must be a number" });
		cases.put(good.replace("\"" + first + "\":0.0", "\"" + first + "\":1e999"),
				new String[] { "400", "features." + first, "not a finite number" });
		cases.put(good.replace("\"" + first + "\":0.0", "\"" + first + "\":NaN"), new String[] { "400", null, "NaN" });
		cases.put(good.replace("\"customer_id\":\"c-1\",", ""), new String[] { "400", "customer_id", "missing" });
		cases.put(good.replace("\"c-1\"", "\"  \""), new String[] { "400", "customer_id", "blank" });
		cases.put(good.replace("\"customer_id\":\"c-1\",", "\"customer_id\":\"c-1\",\"customer_id\":\"c-2\","),
				new String[] { "400", "customer_id", "customer_id is given twice" });
		cases.put(good.replace("}}", "},\"features\":" + good.substring(good.indexOf("{", 1), good.length() - 1) + "}"),
				new String[] { "400", "features", "features are given twice" });
		cases.put(good.substring(0, good.length() / 2), new String[] { "400", null, "malformed JSON" });
		cases.put("[".repeat(5000) + "]".repeat(5000), new String[] { "400", null, "" });
		cases.put("{\"customer_id\":\"c\",\"features\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001),
				new String[] { "400", null, "" });
		cases.put("[]", new String[] { "400", null, "empty" });
		cases.put("[" + String.join(",", java.util.Collections.nCopies(501, good)) + "]",
				new String[] { "413", null, "at most 500 customers" });
		cases.put(" ".repeat(10 * 1024 * 1024), new String[] { "413", null, "more than the limit" });

		for (Map.Entry<String, String[]> c : cases.entrySet()) {
			HttpResponse<String> response = post(c.getKey());
			String[] expected = c.getValue();
			String what = abbreviate(c.getKey()) + " → " + response.body();
			assertThat(response.statusCode()).as(what).isEqualTo(Integer.parseInt(expected[0]));
			JsonNode error = json.readTree(response.body());
			assertThat(error.path("status").asInt()).as(what).isEqualTo(Integer.parseInt(expected[0]));
			if (expected[1] != null) {
				assertThat(error.path("field").asString()).as(what).isEqualTo(expected[1]);
			}
			assertThat(error.path("message").asString()).as(what).contains(expected[2]);
		}
		HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(base.resolve("/v1/score"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(good))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(wrongType.statusCode()).isEqualTo(415);
		assertThat(get("/v1/score").statusCode()).isEqualTo(405);

		assertThat(post(good).statusCode()).isEqualTo(200);
		assertThat(server.isAlive()).isTrue();
	}

	@Test
	void aQueryParameterOfTheWrongTypeIsA400NamingIt() throws Exception {
		HttpResponse<String> response = post("/v1/score?reasons=maybe", customer("c-1", new float[features.size()]));

		JsonNode error = json.readTree(response.body());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(error.path("field").asString()).isEqualTo("reasons");
		assertThat(error.path("message").asString()).contains("true or false").contains("'maybe'");
	}

	@Test
	void aClientThatStopsMidBodyIsRefusedNotAServerFailure() throws Exception {
		String response = raw(HALF_A_BODY, true);

		// (Tomcat answers it: the client is gone, and nothing of nightscore's own failed)
		assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/json");
		assertThat(body(response).path("status").asInt()).isEqualTo(400);
		assertThat(server.err()).doesNotContain("ERROR");
	}

	@Test
	void aBodyThatStopsArrivingIsA408InTheEndpointsShape() throws Exception {
		// the client keeps the connection open but sends no more: the read times out
		// after
		// 10 s and Spring's error page answers
		String response = raw(HALF_A_BODY, false);

		assertThat(response).startsWith("HTTP/1.1 408").contains("Content-Type: application/json");
		JsonNode body = body(response);
		assertThat(body.path("status").asInt()).isEqualTo(408);
		assertThat(body.path("error").asString()).isEqualTo("Request Timeout");
		assertThat(body.path("message").asString()).isEqualTo("Request Timeout");
		assertThat(body.has("timestamp")).as(response).isFalse();
		assertThat(server.err()).doesNotContain("ERROR");
	}

	@Test
	void aRequestTomcatRefusesBeforeSpringSeesItIsAnsweredInJsonToo() throws Exception {
		String response = raw("GET /v1/model HTTP/1.1\r\nHost: localhost\r\nA header without a colon\r\n\r\n", false);

		assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/json");
		JsonNode body = body(response);
		assertThat(body.path("status").asInt()).isEqualTo(400);
		assertThat(body.path("error").asString()).isEqualTo("Bad Request");
		assertThat(body.path("message").asString()).as(response).isNotBlank();
		assertThat(response).doesNotContain("<html", "Apache Tomcat");
	}

	/**
	 * Send {@code request} as it is over a connection of its own, closing the sending
	 * side after it when {@code endOutput}, and read the whole response.
	 */
	private static String raw(String request, boolean endOutput) throws IOException {
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			if (endOutput) {
				socket.shutdownOutput();
			}
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** The JSON body of a raw HTTP/1.1 response, whole or in chunks. */
	private static JsonNode body(String response) {
		int start = response.indexOf("\r\n\r\n") + 4;
		if (!response.substring(0, start).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
			return json.readTree(response.substring(start));
		}
		StringBuilder body = new StringBuilder();
		for (int at = start;;) {
			int lineEnd = response.indexOf("\r\n", at);
			int size = Integer.parseInt(response.substring(at, lineEnd).strip(), 16);
			if (size == 0) {
				return json.readTree(body.toString());
			}
			body.append(response, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	/**
	 * Whether one of five probes on the scoring port, two seconds each, goes unanswered.
	 */
	private static boolean starves(HttpClient probe) throws Exception {
		for (int attempt = 0; attempt < 5; attempt++) {
			try {
				probe.send(HttpRequest.newBuilder(base.resolve("/health/live")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
			}
			catch (HttpTimeoutException ex) {
				return true;
			}
		}
		return false;
	}

	@Test
	void clientsHoldingEveryScoringThreadCannotFailTheProbesOnTheHealthPort() throws Exception {
		List<Socket> stalled = new ArrayList<>();
		HttpClient probe = HttpClient.newHttpClient();
		try {
			// more clients than the scoring port has threads, each stalled in its body
			for (int i = 0; i < 40; i++) {
				Socket socket = new Socket(base.getHost(), base.getPort());
				stalled.add(socket);
				socket.getOutputStream()
					.write(("POST /v1/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 1000\r\n\r\n[")
						.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
			}
			if (Runtime.version().feature() < 21) {
				// (no virtual threads before Java 21): the scoring port's probe starves
				// once
				// every thread holds a stalled client; on a busy machine the last of them
				// may
				// take a moment to get theirs, and a probe before that is answered
				assertThat(starves(probe)).as("a probe on the scoring port starves").isTrue();
			}

			for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
				HttpResponse<String> answer = probe.send(
						HttpRequest.newBuilder(health.resolve(path)).timeout(Duration.ofSeconds(1)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as(path).isEqualTo(200);
			}
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
		assertThat(post(customer("c-1", new float[features.size()])).statusCode()).isEqualTo(200);
		assertThat(server.err()).contains("health port " + health.getPort()).doesNotContain("ERROR");
	}

	@Test
	void requestsForMadeUpPathsShareOneMetricsTag() throws Exception {
		for (int i = 0; i < 20; i++) {
			assertThat(get("/v1/made-up-" + i).statusCode()).isEqualTo(404);
			assertThat(get("/health/made-up-" + i).statusCode()).isEqualTo(404);
		}

		String metrics = get("/metrics").body();
		assertThat(metrics).doesNotContain("made-up").contains("uri=\"other\"");
	}

	@Test
	void modelProbesAndMetricsDescribeWhatIsServed() throws Exception {
		JsonNode model = json.readTree(get("/v1/model").body());
		String sha256 = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SAMPLE_MODEL)));
		post(customer("c-1", new float[features.size()]));

		assertThat(model.path("sha256").asString()).isEqualTo(sha256);
		assertThat(model.path("objective").asString()).isEqualTo("binary:logistic");
		assertThat(model.path("features")).hasSize(19);
		assertThat(get("/health/live").statusCode()).isEqualTo(200);
		assertThat(get("/health/ready").statusCode()).isEqualTo(200);
		String metrics = get("/metrics").body();
		assertThat(metrics).contains("nightscore_serve_request_seconds_bucket{")
			.contains("uri=\"/v1/score\"")
			.containsPattern("nightscore_serve_customers_scored_total(\\{[^}]*\\})? [1-9]");
	}

	@Test
	void aModelThatCannotBeLoadedIsRefusedBeforeServing(@TempDir Path dir) throws Exception {
		Path garbage = Files.writeString(dir.resolve("model.json"), "this is not a model");

		Nightscore.Result result = Nightscore.run("serve", "--model", garbage.toString(), "--port", "0");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).doesNotContain("\n").contains("model.json");
	}

	private static String customer(String id, float[] row) {
		StringBuilder body = new StringBuilder("{\"customer_id\":\"").append(id).append("\",\"features\":{");
		for (int i = 0; i < row.length; i++) {
			body.append((i > 0) ? "," : "").append('"').append(features.get(i)).append("\":");
			body.append(Float.isNaN(row[i]) ? "null" : Float.toString(row[i]));
		}
		return body.append("}}").toString();
	}

	private static boolean ready() {
		try {
			return get("/health/ready").statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(String body) throws Exception {
		return post("/v1/score", body);
	}

	private static HttpResponse<String> post(String path, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(base.resolve(path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String abbreviate(String body) {
		return (body.length() > 120) ? body.substring(0, 120) + "…(" + body.length() + " chars)" : body;
	}

}
