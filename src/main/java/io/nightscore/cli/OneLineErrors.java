package io.nightscore.cli;

import java.io.PrintWriter;
import java.io.Writer;

import io.nightscore.OneLine;

/**
 * The commands' error output, where every failure is one line: {@code println(String)},
 * which every command reports its failures with, prints its text as {@link OneLine} shows
 * it, so that text from a file, a model or the database (a file name or a feature name
 * with a newline in it) can neither break the line nor forge another one, nor move a
 * terminal's cursor. Text of several lines, as picocli's usage help, comes through
 * {@code print} unchanged, and so do picocli's own coloured error lines. Flushes at every
 * line.
 */
final class OneLineErrors extends PrintWriter {

	private OneLineErrors(Writer out) {
		super(out, true);
	}

	static PrintWriter of(Writer out) {
		return (out instanceof OneLineErrors errors) ? errors : new OneLineErrors(out);
	}

	@Override
	public void println(String line) {
		super.println((line != null) ? OneLine.escaped(line) : null);
	}

}
