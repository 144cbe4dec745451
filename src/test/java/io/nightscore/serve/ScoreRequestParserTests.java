package io.nightscore.serve;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a request's numbers into the floats the model scores, as the batch job reads
 * the same values from Parquet.
 */
class ScoreRequestParserTests {

	private final ScoreRequestParser parser = new ScoreRequestParser(List.of("x"), 10);

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

	private float value(String number) {
		return this.parser.parse(("{\"customer_id\": \"c\", \"features\": {\"x\": " + number + "}}").getBytes())
			.features()[0];
	}

}
