package io.nightscore.monitoring;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * Encodes nightscore's console log lines: human-readable lines by {@code pattern}, or
 * JSON lines by Spring Boot's structured logging when {@code structuredFormat} is set
 * ({@code ecs} or {@code logstash}, from {@code logging.structured.format.console},
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE} or {@code --log-format json}).
 *
 * <p>
 * nightscore's {@code logback.xml} replaces Boot's own console appender, which is where
 * Boot reads that property: without this encoder the property has no effect. Logback
 * configures it once, at start-up; thread-safe as its delegate is.
 */
public final class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

	private String pattern;

	private String structuredFormat;

	private Encoder<ILoggingEvent> delegate;

	public void setPattern(String pattern) {
		this.pattern = pattern;
	}

	public void setStructuredFormat(String structuredFormat) {
		this.structuredFormat = structuredFormat;
	}

	@Override
	public void start() {
		if (this.structuredFormat != null && !this.structuredFormat.isBlank()) {
			StructuredLogEncoder structured = new StructuredLogEncoder();
			structured.setContext(getContext());
			structured.setFormat(this.structuredFormat.strip());
			structured.setCharset(StandardCharsets.UTF_8);
			this.delegate = structured;
		}
		else {
			PatternLayoutEncoder lines = new PatternLayoutEncoder();
			lines.setContext(getContext());
			lines.setPattern(this.pattern);
			lines.setCharset(StandardCharsets.UTF_8);
			this.delegate = lines;
		}
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		if (this.delegate != null) {
			this.delegate.stop();
		}
		super.stop();
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return this.delegate.encode(event);
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

}
