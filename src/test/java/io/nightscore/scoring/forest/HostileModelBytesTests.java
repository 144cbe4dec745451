package io.nightscore.scoring.forest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import io.nightscore.ContractException;
import io.nightscore.support.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A real model cut short at many offsets, and with bytes overwritten at random (fixed
 * seeds), is either read or refused with one line: never another exception, a hang or an
 * allocation the file does not justify.
 */
class HostileModelBytesTests {

	@TempDir
	static Path dir;

	static Path json;

	static Path ubj;

	@BeforeAll
	static void trainOneModelInEachFormat() throws Exception {
		json = TinyModels.train(dir.resolve("tiny.json"), "a", "b", "c");
		ubj = TinyModels.train(dir.resolve("tiny.ubj"), "a", "b", "c");
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void truncatedAtAnyOffsetIsRefusedInOneLine(String format) throws Exception {
		Path model = format.equals("ubj") ? ubj : json;
		byte[] bytes = Files.readAllBytes(model);

		for (int length = 0; length < bytes.length; length += (length < 1024) ? 1 : 131) {
			byte[] cut = Arrays.copyOf(bytes, length);
			assertReadOrRefusedInOneLine(model, cut, "cut at " + length);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "ubj" })
	void randomlyDamagedIsReadOrRefusedInOneLine(String format) throws Exception {
		Path model = format.equals("ubj") ? ubj : json;
		byte[] bytes = Files.readAllBytes(model);
		byte[] markers = "{}[]$#iUIlLdDSHCTFZN\"-:,0123456789eE.".getBytes();
		Random random = new Random(42);

		int rounds = format.equals("ubj") ? 800 : 200;
		for (int round = 0; round < rounds; round++) {
			byte[] damaged = bytes.clone();
			int edits = 1 + random.nextInt(3);
			StringBuilder what = new StringBuilder("round " + round + ":");
			for (int e = 0; e < edits; e++) {
				int at = random.nextInt(damaged.length);
				byte value = random.nextBoolean() ? markers[random.nextInt(markers.length)] : (byte) random.nextInt();
				what.append(" byte ").append(at).append('=').append(value & 0xff);
				damaged[at] = value;
			}
			assertReadOrRefusedInOneLine(model, damaged, what.toString());
		}
	}

	private static void assertReadOrRefusedInOneLine(Path model, byte[] bytes, String what) {
		try {
			ForestReader.read(model, bytes);
		}
		catch (ContractException ex) {
			assertThat(ex.getMessage()).as(what).doesNotContain("\n").startsWith("Model ");
		}
		catch (Throwable ex) {
			fail(what + ": " + ex, ex);
		}
	}

}
