package io.nightscore.output;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Encodes prediction rows in PostgreSQL's binary COPY format, the columns of
 * {@link PredictionPartitions#COPY_COLUMNS} in that order.
 *
 * <p>
 * Not thread-safe: one encoder per writer, reused from chunk to chunk.
 */
final class PredictionCopyEncoder {

	private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

	private static final short COLUMNS = 8;

	/** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
	private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);

	private final DataOutputStream out = new DataOutputStream(this.buffer);

	private long runId;

	private byte[] modelVersion;

	private long scoredAtMicros;

	/** Start a new COPY payload for rows of one run scored at one instant. */
	void begin(long runId, String modelVersion, Instant scoredAt) {
		this.buffer.reset();
		this.runId = runId;
		this.modelVersion = modelVersion.getBytes(StandardCharsets.UTF_8);
		this.scoredAtMicros = scoredAt.getEpochSecond() * 1_000_000L + scoredAt.getNano() / 1_000
				- POSTGRES_EPOCH_MICROS;
		try {
			this.out.write(SIGNATURE);
			this.out.writeInt(0);
			this.out.writeInt(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void add(String customerId, float score, int sourceFile, long sourceRow) {
		try {
			this.out.writeShort(COLUMNS);
			this.out.writeInt(8);
			this.out.writeLong(this.runId);
			byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
			this.out.writeInt(id.length);
			this.out.write(id);
			this.out.writeInt(8);
			this.out.writeDouble(score);
			byte[] band = RiskBand.of(score).label().getBytes(StandardCharsets.US_ASCII);
			this.out.writeInt(band.length);
			this.out.write(band);
			this.out.writeInt(this.modelVersion.length);
			this.out.write(this.modelVersion);
			this.out.writeInt(8);
			this.out.writeLong(this.scoredAtMicros);
			this.out.writeInt(4);
			this.out.writeInt(sourceFile);
			this.out.writeInt(8);
			this.out.writeLong(sourceRow);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The finished payload: header, rows and trailer. */
	byte[] finish() {
		try {
			this.out.writeShort(-1);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this.buffer.toByteArray();
	}

}
