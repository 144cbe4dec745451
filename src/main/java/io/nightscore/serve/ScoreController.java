package io.nightscore.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nightscore.Failures;
import io.nightscore.output.RiskBand;
import io.nightscore.scoring.ScoreReason;
import io.nightscore.scoring.ScoringModel;
import io.nightscore.scoring.TopReasons;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The online endpoint: {@code POST /v1/score} scores one customer or a batch with the
 * same model and scorer as the batch job, {@code GET /v1/model} says which model that is.
 * Thread-safe: each request borrows a scorer of its own from the {@link ScorerPool}.
 */
@RestController
@ConditionalOnWebApplication
class ScoreController {

	private final ScoringModel model;

	private final ScorerPool scorers;

	private final ScoreRequestParser parser;

	private final int maxBodyBytes;

	private final Counter customersScored;

	private final JsonFactory json = new JsonFactory();

	ScoreController(ScoringModel model, ScorerPool scorers, ServeSettings settings, MeterRegistry registry) {
		this.model = model;
		this.scorers = scorers;
		this.parser = new ScoreRequestParser(model.featureNames(), settings.maxBatch(), settings.maxIdLength());
		this.maxBodyBytes = settings.maxBodyBytes();
		this.customersScored = Counter.builder("nightscore.serve.customers.scored")
			.description("Customers scored by the online endpoint")
			.register(registry);
	}

	@PostMapping(path = "/v1/score", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> score(HttpServletRequest request,
			@RequestParam(name = "reasons", defaultValue = "false") boolean reasons) throws IOException {
		ScoreRequest parsed = this.parser.parse(body(request));
		float[] scores = this.scorers.score(parsed.features(), parsed.rows());
		float[] contributions = reasons ? this.scorers.contributions(parsed.features(), parsed.rows()) : null;
		this.customersScored.increment(parsed.rows());
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 + parsed.rows() * 96);
		try (JsonGenerator generator = this.json.createGenerator(ObjectWriteContext.empty(), out)) {
			if (parsed.batch()) {
				generator.writeStartArray();
			}
			for (int row = 0; row < parsed.rows(); row++) {
				generator.writeStartObject();
				generator.writeStringProperty("customer_id", parsed.customerIds()[row]);
				generator.writeNumberProperty("score", scores[row]);
				generator.writeStringProperty("risk_band", RiskBand.of(scores[row]).label());
				generator.writeStringProperty("model_version", this.model.version());
				if (contributions != null) {
					writeReasons(generator,
							TopReasons.of(contributions, parsed.features(), row, this.model.featureNames()));
				}
				generator.writeEndObject();
			}
			if (parsed.batch()) {
				generator.writeEndArray();
			}
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out.toByteArray());
	}

	/**
	 * The top reasons as the batch stores them: feature, the customer's value (null when
	 * missing) and its SHAP contribution in log-odds.
	 */
	private static void writeReasons(JsonGenerator generator, ScoreReason[] reasons) {
		generator.writeArrayPropertyStart("reasons");
		for (ScoreReason reason : reasons) {
			generator.writeStartObject();
			generator.writeStringProperty("feature", reason.feature());
			if (Float.isNaN(reason.value())) {
				generator.writeNullProperty("value");
			}
			else {
				generator.writeNumberProperty("value", reason.value());
			}
			generator.writeNumberProperty("contribution", reason.contribution());
			generator.writeEndObject();
		}
		generator.writeEndArray();
	}

	@GetMapping(path = "/v1/model", produces = MediaType.APPLICATION_JSON_VALUE)
	ModelDescription model() {
		return new ModelDescription(this.model.version(), this.model.sha256(), this.model.featureNames(),
				this.model.objective(), this.model.numTrees(), this.model.engine().name());
	}

	/** What {@code GET /v1/model} answers. */
	record ModelDescription(String version, String sha256, java.util.List<String> features, String objective, int trees,
			String engine) {
	}

	private byte[] body(HttpServletRequest request) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBodyBytes) {
			throw tooLarge(declared);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream((declared > 0) ? (int) declared : 1024);
		byte[] buffer = new byte[8192];
		try (InputStream in = request.getInputStream()) {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				if (body.size() + read > this.maxBodyBytes) {
					throw tooLarge(body.size() + read);
				}
				body.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			throw unreadable(ex, body.size());
		}
		return body.toByteArray();
	}

	/**
	 * The client closed the connection, or stopped sending, before the whole body came: a
	 * fault of the request (408 after the server's read timeout), not of nightscore's
	 * own.
	 */
	private static BadRequestException unreadable(IOException ex, int received) {
		boolean timedOut = Failures.cause(ex, SocketTimeoutException.class) != null;
		return new BadRequestException(timedOut ? HttpStatus.REQUEST_TIMEOUT : HttpStatus.BAD_REQUEST, null,
				"the body ended after " + received + " bytes, before the end the request announced: the client "
						+ (timedOut ? "stopped sending it" : "closed the connection") + " (" + Failures.rootMessage(ex)
						+ ")");
	}

	private BadRequestException tooLarge(long bytes) {
		return new BadRequestException(HttpStatus.CONTENT_TOO_LARGE, null, "the body has " + bytes
				+ " bytes or more, more than the limit of " + this.maxBodyBytes + " (--max-body-bytes)");
	}

}
