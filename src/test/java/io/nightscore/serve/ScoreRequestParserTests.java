package io.nightscore.serve;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading a request's numbers into the floats the model scores, as the batch job reads
 * the same values from Parquet.
 */
class ScoreRequestParserTests {

	private final ScoreRequestParser parser = new ScoreRequestParser(List.of("x"), 10, 256);

	@Test
	void aFractionalNumberBecomesTheFloatTheBatchReadsFromADoubleColumn() {
		// 1 + 2^-24, a double exactly halfway between two floats, as every JSON library
		// writes it: the batch casts the double (ties to even: 1.0); parsing the text
		// straight to a float rounds it up to 1.0000001
		double halfway = 1 + Math.pow(2, -24);

		float read = value(Double.toString(halfway));

		assertThat(read).isEqualTo((float) halfway).isEqualTo(1.0f);
	}

	@Test
	void aFloatWrittenAsTextIsReadBackExactly() {
		for (float value : new float[] { 0.1f, 70.35f, 1.0000001f, 3.4028235e38f, 1.4e-45f, -2.5e-7f }) {
			assertThat(value(Float.toString(value))).isEqualTo(value);
		}
	}

	@Test
	void anIntegerBecomesTheFloatTheBatchReadsFromAnIntegerColumn() {
		// 2^54 + 2^30 + 1: through a double it would first round to a float midpoint
		long large = (1L << 54) + (1L << 30) + 1;

		assertThat(value(Long.toString(large))).isEqualTo((float) large);
		assertThat(value("16777217")).isEqualTo((float) 16777217L);
	}

	@Test
	void anIdIsMeasuredInCharactersAsTheBatchMeasuresIt() {
		// 256 characters outside the Basic Multilingual Plane: 512 UTF-16 units, which
		// the batch job accepts (its limit counts characters)
		String id = "\uD83D\uDE00".repeat(256);

		ScoreRequest request = this.parser
			.parse(("{\"customer_id\": \"" + id + "\", \"features\": {\"x\": 1}}").getBytes(StandardCharsets.UTF_8));

		assertThat(request.customerIds()).containsExactly(id);
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.parser.parse(
					("{\"customer_id\": \"" + id + "a\", \"features\": {\"x\": 1}}").getBytes(StandardCharsets.UTF_8)))
			.withMessage("customer_id has 257 characters, more than 256");
	}

	@Test
	void anIdWithAnUnpairedSurrogateIsRefused() {
		// an id no UTF-8 Parquet file can hold, and that no client can store or match
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.parser
				.parse("{\"customer_id\": \"c-\\ud800\", \"features\": {\"x\": 1}}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("customer_id holds an unpaired surrogate (\\uD800) at character 3");
	}

	private float value(String number) {
		return this.parser.parse(("{\"customer_id\": \"c\", \"features\": {\"x\": " + number + "}}").getBytes())
			.features()[0];
	}

	@Test
	void theLongestIdIsTheOneServeWasGiven() {
		ScoreRequestParser shortIds = new ScoreRequestParser(List.of("x"), 10, 8);

		assertThat(shortIds
			.parse("{\"customer_id\": \"c-123456\", \"features\": {\"x\": 1}}".getBytes(StandardCharsets.UTF_8))
			.customerIds()).containsExactly("c-123456");
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> shortIds
				.parse("{\"customer_id\": \"c-1234567\", \"features\": {\"x\": 1}}".getBytes(StandardCharsets.UTF_8)))
			.withMessage("customer_id has 9 characters, more than 8");
	}

}
