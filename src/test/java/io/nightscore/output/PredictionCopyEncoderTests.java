package io.nightscore.output;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.nightscore.scoring.ScoredBlock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary COPY payload, decoded back field by field: header, every row whatever the
 * lengths of its text (across the buffer's growth), trailer; and the buffer's reuse. The
 * run id, model version and time scored are the run's table's defaults, not the payload's
 * ({@code PredictionTablesIntegrationTests}).
 */
class PredictionCopyEncoderTests {

	@Test
	void rowsDecodeToTheValuesAddedWhateverTheirLengths() {
		PredictionCopyEncoder encoder = new PredictionCopyEncoder();
		List<String> ids = new ArrayList<>();
		encoder.begin();
		for (int i = 0; i < 5000; i++) {
			String id = "C" + "x".repeat(i % 97) + i + ((i % 10 == 0) ? "é" : "");
			ids.add(id);
			encoder.add(id, i / 5000f, i % 3, i + 1L);
		}
		encoder.finish();

		List<List<Object>> rows = decode(encoder);

		assertThat(rows).hasSize(5000);
		assertThat(encoder.rows()).isEqualTo(5000);
		for (int i = 0; i < rows.size(); i++) {
			float score = i / 5000f;
			assertThat(rows.get(i)).containsExactly(ids.get(i), (double) score, RiskBand.of(score).label(), i % 3,
					i + 1L);
		}
	}

	@Test
	void beginStartsAFreshPayload() {
		PredictionCopyEncoder encoder = new PredictionCopyEncoder();
		encoder.begin();
		encoder.add("a", 0.9f, 0, 1);
		encoder.add("b", 0.1f, 0, 2);
		encoder.finish();

		encoder.begin();
		encoder.add("c", 0.5f, 1, 3);
		encoder.finish();

		assertThat(decode(encoder)).singleElement().isEqualTo(List.of("c", 0.5, "medium", 1, 3L));
	}

	@Test
	void aScoredBlockAddsItsScoredRowsInOrderAndNoRejectedOne() {
		PredictionCopyEncoder encoder = new PredictionCopyEncoder();
		ScoredBlock block = new ScoredBlock(2, 101, new String[] { "a", "b", null, "d" },
				new float[] { 0.9f, 0.1f, Float.NaN, 0.5f }, new String[] { null, null, "customer id is null", null },
				null);

		encoder.begin();
		encoder.addScored(block);
		encoder.finish();

		assertThat(decode(encoder)).containsExactly(List.of("a", (double) 0.9f, "high", 2, 101L),
				List.of("b", (double) 0.1f, "low", 2, 102L), List.of("d", 0.5, "medium", 2, 104L));
	}

	private static List<List<Object>> decode(PredictionCopyEncoder encoder) {
		ByteBuffer in = ByteBuffer.wrap(encoder.buffer(), 0, encoder.length());
		byte[] signature = new byte[11];
		in.get(signature);
		assertThat(signature).isEqualTo("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(in.getInt()).as("flags").isZero();
		assertThat(in.getInt()).as("header extension").isZero();
		List<List<Object>> rows = new ArrayList<>();
		for (short fields = in.getShort(); fields != -1; fields = in.getShort()) {
			assertThat(fields).isEqualTo((short) 5);
			rows.add(List.of(text(in), fixed(in, 8).getDouble(), text(in), fixed(in, 4).getInt(),
					fixed(in, 8).getLong()));
		}
		assertThat(in.remaining()).as("bytes after the trailer").isZero();
		return rows;
	}

	private static ByteBuffer fixed(ByteBuffer in, int length) {
		assertThat(in.getInt()).isEqualTo(length);
		return in;
	}

	private static String text(ByteBuffer in) {
		byte[] bytes = new byte[in.getInt()];
		in.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
