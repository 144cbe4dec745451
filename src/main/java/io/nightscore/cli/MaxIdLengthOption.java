package io.nightscore.cli;

import io.nightscore.input.ParquetCustomerReader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --max-id-length N}, shared by {@code score} and {@code serve}, so that the batch
 * job and the online endpoint accept the same ids: the longest customer id in characters,
 * checked when the command line is parsed (1 to
 * {@value ParquetCustomerReader#MAX_ID_LENGTH_LIMIT}: longer ids cannot be indexed by
 * PostgreSQL).
 */
final class MaxIdLengthOption {

	@Spec(Spec.Target.MIXEE)
	private CommandSpec mixee;

	private int maxIdLength = ParquetCustomerReader.DEFAULT_MAX_ID_LENGTH;

	@Option(names = "--max-id-length", paramLabel = "N",
			defaultValue = "" + ParquetCustomerReader.DEFAULT_MAX_ID_LENGTH,
			description = "Longest customer id, in characters (1 to " + ParquetCustomerReader.MAX_ID_LENGTH_LIMIT
					+ "): score rejects a longer text id (a scoring_reject row), serve refuses it (400)."
					+ " Default: ${DEFAULT-VALUE}.")
	void setMaxIdLength(int maxIdLength) {
		if (maxIdLength < 1 || maxIdLength > ParquetCustomerReader.MAX_ID_LENGTH_LIMIT) {
			throw new ParameterException(this.mixee.commandLine(),
					"--max-id-length must be between 1 and " + ParquetCustomerReader.MAX_ID_LENGTH_LIMIT
							+ " (longer ids cannot be indexed by PostgreSQL), not " + maxIdLength);
		}
		this.maxIdLength = maxIdLength;
	}

	int value() {
		return this.maxIdLength;
	}

}
