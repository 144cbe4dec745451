package io.nightscore.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OneLineErrorsTests {

	private final StringWriter written = new StringWriter();

	private final PrintWriter err = OneLineErrors.of(this.written);

	@Test
	void aLineCannotBreakNorForgeAnotherLineNorMoveTheCursor() {
		this.err.println("Parquet file file:/in/a\nnightscore: forged\r\u001b[2K.parquet cannot be read");

		assertThat(this.written.toString())
			.isEqualTo("Parquet file file:/in/a\\nnightscore: forged\\r\\u001b[2K.parquet cannot be read"
					+ System.lineSeparator());
	}

	@Test
	void textOfManyLinesPrintedWholeComesThroughUnchanged() {
		this.err.print("Usage: nightscore score [OPTIONS]\n  --input=PATH\n");
		this.err.flush();

		assertThat(this.written.toString()).isEqualTo("Usage: nightscore score [OPTIONS]\n  --input=PATH\n");
	}

	@Test
	void wrapsAWriterOnce() {
		assertThat(OneLineErrors.of(this.err)).isSameAs(this.err);
	}

}
