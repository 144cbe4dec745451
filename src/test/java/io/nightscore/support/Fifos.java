package io.nightscore.support;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named pipes for the tests of what nightscore does when a path it would read or write is
 * a FIFO: opening one waits for the other end, so nightscore must refuse it unopened.
 */
public final class Fifos {

	private Fifos() {
	}

	/** Make a FIFO at {@code path} ({@code mkfifo}). */
	public static Path make(Path path) throws IOException, InterruptedException {
		assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).as("mkfifo " + path).isZero();
		return path;
	}

}
